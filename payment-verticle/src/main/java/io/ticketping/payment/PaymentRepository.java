package io.ticketping.payment;

import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.events.Outbox;
import io.ticketping.shared.events.Topics;
import io.ticketping.shared.pg.PipelinedPg;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** The {@code payments} table; each settlement writes its event to the outbox in the same transaction. */
final class PaymentRepository {

  private static final String COLUMNS = "id, user_id, request_hash, order_id, amount, status, answer_status, answer";

  private final Pool pool;
  private final PipelinedPg pipelined;

  PaymentRepository(Pool pool, PipelinedPg pipelined) {
    this.pool = pool;
    this.pipelined = pipelined;
  }

  /**
   * Claims the key for a new payment: true when this call inserted the PENDING row; false when the key (or a live
   * payment of the same order) exists already.
   */
  Future<Boolean> claim(UUID paymentId, long userId, String key, String requestHash, UUID orderId, long amount) {
    return pipelined.execute("INSERT INTO payments (id, user_id, idempotency_key, request_hash, order_id, amount, "
        + "status) VALUES ($1, $2, $3, $4, $5, $6, 'PENDING') ON CONFLICT DO NOTHING",
        Tuple.of(paymentId, userId, key, requestHash, orderId, amount))
      .map(rows -> rows.rowCount() == 1);
  }

  Future<PaymentRecord> byKey(long userId, String key) {
    return pipelined.execute("SELECT " + COLUMNS + " FROM payments WHERE user_id = $1 AND idempotency_key = $2",
        Tuple.of(userId, key))
      .map(rows -> rows.size() == 0 ? null : PaymentRecord.from(rows.iterator().next()));
  }

  Future<PaymentRecord> byId(UUID paymentId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM payments WHERE id = $1").execute(Tuple.of(paymentId))
      .map(rows -> rows.size() == 0 ? null : PaymentRecord.from(rows.iterator().next()));
  }

  /** Takes a FAILED payment (provider unreachable last time) back to PENDING for a retry; true if this call did. */
  Future<Boolean> retry(UUID paymentId) {
    return pool.preparedQuery("UPDATE payments SET status = 'PENDING', updated_at = now() "
        + "WHERE id = $1 AND status = 'FAILED'").execute(Tuple.of(paymentId)).map(rows -> rows.rowCount() == 1);
  }

  /** Marks a pending payment FAILED, so the same key may try again; no answer is stored. */
  Future<Void> fail(UUID paymentId) {
    return pool.preparedQuery("UPDATE payments SET status = 'FAILED', updated_at = now() "
        + "WHERE id = $1 AND status = 'PENDING'").execute(Tuple.of(paymentId)).mapEmpty();
  }

  /**
   * Settles a pending payment with its final status and the answer repeats will get, and, when {@code event} is not
   * null, writes it to the outbox: one statement, so both or neither (the outbox row only if the payment was still
   * PENDING), pipelined like the claim.
   */
  Future<Void> settle(UUID paymentId, String status, int answerStatus, JsonObject answer, DomainEvent event) {
    return pipelined.execute("WITH settled AS (UPDATE payments SET status = $2, answer_status = $3, answer = $4, "
        + "updated_at = now() WHERE id = $1 AND status = 'PENDING' RETURNING id) "
        + "INSERT INTO outbox (topic, key, event) SELECT $5, $6, $7 FROM settled WHERE $7::jsonb IS NOT NULL",
        Tuple.tuple().addUUID(paymentId).addString(status).addInteger(answerStatus).addValue(answer)
          .addString(Topics.PAYMENT_EVENTS).addString(event == null ? null : event.key())
          .addValue(event == null ? null : event.toJson()))
      .mapEmpty();
  }

  /** True when the payment exists and is APPROVED; locks its row until the caller's transaction ends. */
  static Future<Boolean> lockApproved(SqlConnection conn, UUID paymentId) {
    return conn.preparedQuery("SELECT 1 FROM payments WHERE id = $1 AND status = 'APPROVED' FOR UPDATE")
      .execute(Tuple.of(paymentId)).map(rows -> rows.size() == 1);
  }

  /** Marks an approved payment REFUNDED with its PaymentRefunded event; false when it was not APPROVED (done before). */
  static Future<Boolean> refunded(SqlConnection conn, UUID paymentId, DomainEvent event) {
    return conn
      .preparedQuery("UPDATE payments SET status = 'REFUNDED', updated_at = now() WHERE id = $1 AND status = 'APPROVED'")
      .execute(Tuple.of(paymentId))
      .compose(rows -> rows.rowCount() == 0
        ? Future.succeededFuture(false)
        : Outbox.append(conn, Topics.PAYMENT_EVENTS, event).map(true));
  }

  Pool pool() {
    return pool;
  }
}
