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
}
