package io.ticketping.payment;

import io.ticketping.shared.events.Outbox;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.pg.PipelinedPg;
import io.ticketping.shared.pg.SchemaMigrations;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** The payment service's tables in the test PostgreSQL, emptied, and payments put straight into a given state. */
final class PaymentStore {

  final Pool pool;
  final PaymentRepository repository;

  private PaymentStore(Pool pool, PaymentRepository repository) {
    this.pool = pool;
    this.repository = repository;
  }

  /** Resets the test servers and migrates the outbox and the payment tables. */
  static PaymentStore fresh(Vertx vertx) {
    TestServers.get().reset();
    JsonObject config = TestServers.get().config();
    Pool pool = PgPools.create(vertx, config);
    Outbox.migrate(vertx, config).await();
    SchemaMigrations.apply(vertx, config, "payment").await();
    return new PaymentStore(pool, new PaymentRepository(pool, new PipelinedPg(vertx, config, pool)));
  }

  /** A payment of user 1 in {@code status} for {@code orderId}, due for a look-up now; its id. */
  UUID paymentIn(String status, UUID orderId) {
    UUID id = UUID.randomUUID();
    pool.preparedQuery("INSERT INTO payments (id, user_id, idempotency_key, request_hash, order_id, amount, status, "
        + "show_id, next_check_at) VALUES ($1, 1, $2, 'h', $3, 1000, $4, 7, now())")
      .execute(Tuple.of(id, id.toString(), orderId, status)).await();
    return id;
  }

  String statusOf(UUID paymentId) {
    return repository.byId(paymentId).await().status();
  }

  /** How many outbox rows carry an event of {@code type} for {@code orderId}. */
  long events(String type, UUID orderId) {
    return pool.preparedQuery("SELECT count(*) FROM outbox WHERE event->>'type' = $1 AND key = $2")
      .execute(Tuple.of(type, orderId.toString())).await().iterator().next().getLong(0);
  }

  void close() {
    pool.close().await();
  }
}
