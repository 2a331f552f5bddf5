package io.ticketping.gateway.web;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Request/reply calls from the gateway to the services over the event bus, with one timeout for all. A failure
 * arrives as a {@link io.vertx.core.eventbus.ReplyException}, which the failure handler turns into the service's own
 * problem (or 503 when no service listens, 504 when it did not answer in time).
 */
public final class ServiceCalls {

  private final EventBus eventBus;
  private final DeliveryOptions options;

  public ServiceCalls(EventBus eventBus, long timeoutMillis) {
    this.eventBus = eventBus;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  public Future<JsonObject> request(String address, JsonObject body) {
    return eventBus.<JsonObject>request(address, body, options).map(Message::body);
  }
}
