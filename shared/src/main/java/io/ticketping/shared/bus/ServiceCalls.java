package io.ticketping.shared.bus;

import io.ticketping.shared.breaker.Hop;
import io.ticketping.shared.observability.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Request/reply calls from one service to the others over the event bus, with one timeout for all. A failure
 * arrives as a {@link io.vertx.core.eventbus.ReplyException}, which the gateway's failure handler turns into the
 * service's own problem (or 503 when no service listens, 504 when it did not answer in time). Each call carries the
 * current request id as the {@value RequestIds#HEADER} header, so the service's log lines for it carry the same id.
 *
 * <p>A call to a service that has a {@link Hop} (by the address's first segment: {@code booking} for
 * {@code booking.orders.hold}) goes through that hop's circuit breaker, and is refused at once with a 503 while it
 * is open.
 */
public final class ServiceCalls {

  private final EventBus eventBus;
  private final DeliveryOptions options;
  private final Map<String, Hop> hops;

  /** Calls without breakers. */
  public ServiceCalls(EventBus eventBus, long timeoutMillis) {
    this(eventBus, timeoutMillis, Map.of());
  }

  /** @param hops the breaker of each service, by the first segment of its addresses ({@code queue}, ...) */
  public ServiceCalls(EventBus eventBus, long timeoutMillis, Map<String, Hop> hops) {
    this.eventBus = eventBus;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.hops = Map.copyOf(hops);
  }

  public Future<JsonObject> request(String address, JsonObject body) {
    Hop hop = hops.get(service(address));
    return hop == null ? send(address, body) : hop.call(() -> send(address, body));
  }

  private Future<JsonObject> send(String address, JsonObject body) {
    String requestId = RequestIds.current();
    DeliveryOptions call = requestId == null ? options : new DeliveryOptions(options).addHeader(RequestIds.HEADER,
      requestId);
    return eventBus.<JsonObject>request(address, body, call).map(Message::body);
  }

  private static String service(String address) {
    int dot = address.indexOf('.');
    return dot < 0 ? address : address.substring(0, dot);
  }
}
