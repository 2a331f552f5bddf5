package io.ticketping.shared.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * What a consumer does with one event: its effect, written with {@code conn}, which is inside the transaction that
 * also records the event as handled. A failed future (or an exception) rolls both back and the event is retried.
 */
@FunctionalInterface
public interface EventHandler {

  Future<Void> handle(SqlConnection conn, DomainEvent event);

  /**
   * Whether events of {@code type} have an effect here (every type unless overridden). The consumer passes over the
   * others without a transaction: nothing is recorded for them, and seeing one again changes nothing either. Each
   * consumer of a topic cares about one or two of its event types; recording the rest cost a PostgreSQL transaction
   * per event per consumer.
   */
  default boolean handles(String type) {
    return true;
  }

  /** {@code handler} for the events of one type; the consumer passes over the rest. */
  static EventHandler forType(String type, EventHandler handler) {
    return new EventHandler() {
      @Override
      public Future<Void> handle(SqlConnection conn, DomainEvent event) {
        return handler.handle(conn, event);
      }

      @Override
      public boolean handles(String eventType) {
        return type.equals(eventType);
      }
    };
  }
}
