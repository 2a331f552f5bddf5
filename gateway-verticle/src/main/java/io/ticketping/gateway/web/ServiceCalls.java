package io.ticketping.gateway.web;

import io.ticketping.shared.observability.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Request/reply calls from the gateway to the services over the event bus, with one timeout for all. A failure
 * arrives as a {@link io.vertx.core.eventbus.ReplyException}, which the failure handler turns into the service's own
 * problem (or 503 when no service listens, 504 when it did not answer in time). Each call carries the HTTP request's
 * id as the {@value RequestIds#HEADER} header, so the service's log lines for it carry the same id.
 */
public final class ServiceCalls {

  private final EventBus eventBus;
  private final DeliveryOptions options;

  public ServiceCalls(EventBus eventBus, long timeoutMillis) {
    this.eventBus = eventBus;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
  }

  public Future<JsonObject> request(String address, JsonObject body) {
    String requestId = RequestIds.current();
    DeliveryOptions call = requestId == null ? options : new DeliveryOptions(options).addHeader(RequestIds.HEADER,
      requestId);
    return eventBus.<JsonObject>request(address, body, call).map(Message::body);
  }
}
