package io.ticketping.shared.events;

import io.ticketping.shared.pg.SchemaMigrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The transactional outbox: an event is written to PostgreSQL in the same transaction as the state change it
 * describes, so the two commit or roll back together; {@link OutboxRelay} then publishes it to Kafka. Without it, a
 * crash between "commit the order" and "publish OrderPaid" would lose the event (or publish one for a rolled-back
 * change).
 */
public final class Outbox {

  /** The migration module of the {@code outbox} and {@code processed_events} tables. */
  public static final String MIGRATION_MODULE = "events";

  private static final String INSERT = "INSERT INTO outbox (topic, key, event) VALUES ($1, $2, $3)";

  private Outbox() {
  }

  /** Creates the {@code outbox} and {@code processed_events} tables if this database lacks them. */
  public static Future<Void> migrate(Vertx vertx, JsonObject config) {
    return SchemaMigrations.apply(vertx, config, MIGRATION_MODULE);
  }

  /**
   * Queues {@code event} for {@code topic}. Call it with the connection of the transaction that makes the change the
   * event reports ({@code pool.withTransaction(conn -> ...)}); the event becomes visible to the relay when that
   * transaction commits, and not at all if it rolls back.
   */
  public static Future<Void> append(SqlConnection conn, String topic, DomainEvent event) {
    if (topic == null || topic.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("topic is missing"));
    }
    return conn.preparedQuery(INSERT).execute(Tuple.of(topic, event.key(), event.toJson())).mapEmpty();
  }
}
