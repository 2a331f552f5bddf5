package io.ticketping.payment;

import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.events.Topics;
import io.ticketping.shared.pg.PipelinedPg;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code payments} table. Every status change is conditional on the status it leaves, so the request that took
 * a payment, a repeat and the reconciler (on any instance) can race without undoing each other; a change that
 * publishes an event writes it to the outbox in the same statement.
 */
final class PaymentRepository {

  private static final String COLUMNS = PaymentRecord.COLUMNS;
  /** When to look again: the base delay doubled per look-up already made, up to the maximum (both in ms). */
  private static final String BACKOFF = "now() + make_interval(secs => least($3::float8, $2::float8 * "
    + "power(2, least(checks, 20))) / 1000)";

  /** The {@code status IN (...)} each move starts from, from {@link PaymentStates}. */
  private static final String LIVE = PaymentStates.sql(PaymentStates.LIVE);
  private static final String DUE = PaymentStates.sql(PaymentStates.DUE);
  private static final String RETRY_FROM = PaymentStates.sql(PaymentStates.from(PaymentRecord.PENDING));
  private static final String FAIL_FROM = PaymentStates.sql(PaymentStates.from(PaymentRecord.FAILED));
  private static final String UNKNOWN_FROM = PaymentStates.sql(PaymentStates.from(PaymentRecord.UNKNOWN));
  private static final List<String> OUTCOMES = List.of(PaymentRecord.APPROVED, PaymentRecord.DECLINED,
    PaymentRecord.REJECTED);
  private static final String SETTLE_FROM = PaymentStates.sql(PaymentStates.fromAll(OUTCOMES));
  private static final String REFUND_FROM = PaymentStates.sql(PaymentStates.from(PaymentRecord.REFUND_PENDING));
  private static final String REFUNDED_FROM = PaymentStates.sql(PaymentStates.from(PaymentRecord.REFUNDED));

  private final Pool pool;
  private final PipelinedPg pipelined;

  PaymentRepository(Pool pool, PipelinedPg pipelined) {
    this.pool = pool;
    this.pipelined = pipelined;
  }

  /**
   * Claims the key for a new payment: true when this call inserted the PENDING row; false when the key (or a live
   * payment of the same order) exists already. Until {@code checkAfterMillis} have passed the reconciler leaves it to
   * this request; after that (this process died, say) it asks the provider.
   */
  Future<Boolean> claim(UUID paymentId, long userId, String key, String requestHash, UUID orderId, long amount,
                        Long showId, long checkAfterMillis) {
    return pipelined.execute("INSERT INTO payments (id, user_id, idempotency_key, request_hash, order_id, amount, "
        + "status, show_id, next_check_at) VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', $7, "
        + "now() + make_interval(secs => $8::float8 / 1000)) ON CONFLICT DO NOTHING",
        Tuple.of(paymentId, userId, key, requestHash, orderId, amount, showId, checkAfterMillis))
      .map(rows -> rows.rowCount() == 1);
  }

  Future<PaymentRecord> byKey(long userId, String key) {
    return one(pipelined.execute("SELECT " + COLUMNS + " FROM payments WHERE user_id = $1 AND idempotency_key = $2",
      Tuple.of(userId, key)));
  }

  Future<PaymentRecord> byId(UUID paymentId) {
    return one(pool.preparedQuery("SELECT " + COLUMNS + " FROM payments WHERE id = $1").execute(Tuple.of(paymentId)));
  }

  /** The order's payment that may hold money (in flight, unknown, approved or being refunded), if any. */
  Future<PaymentRecord> liveOf(UUID orderId) {
    return one(pipelined.execute("SELECT " + COLUMNS + " FROM payments WHERE order_id = $1 "
      + "AND status IN " + LIVE, Tuple.of(orderId)));
  }

  /** Takes a FAILED payment (not charged) back to PENDING for another try under its key; true if this call did. */
  Future<Boolean> retry(UUID paymentId, long checkAfterMillis) {
    return changed(pool.preparedQuery("UPDATE payments SET status = 'PENDING', updated_at = now(), "
        + "next_check_at = now() + make_interval(secs => $2::float8 / 1000) "
        + "WHERE id = $1 AND status IN " + RETRY_FROM)
      .execute(Tuple.of(paymentId, checkAfterMillis)));
  }

  /** Marks an unsettled payment FAILED (nothing was charged), so a key may try again; no answer is stored. */
  Future<Boolean> fail(UUID paymentId) {
    return changed(pool.preparedQuery("UPDATE payments SET status = 'FAILED', updated_at = now(), next_check_at = NULL "
      + "WHERE id = $1 AND status IN " + FAIL_FROM).execute(Tuple.of(paymentId)));
  }

  /** The confirm's answer never came: UNKNOWN, to be looked up at the provider from {@code checkAfterMillis} on. */
  Future<Boolean> unknown(UUID paymentId, long checkAfterMillis) {
    return changed(pool.preparedQuery("UPDATE payments SET status = 'UNKNOWN', updated_at = now(), "
        + "next_check_at = now() + make_interval(secs => $2::float8 / 1000) "
        + "WHERE id = $1 AND status IN " + UNKNOWN_FROM)
      .execute(Tuple.of(paymentId, checkAfterMillis)));
  }

  /**
   * Settles an unsettled payment with its final status and the answer repeats will get, and, when {@code event} is
   * not null, writes it to the outbox: one statement, so both or neither. True when this call settled it (false: it
   * was settled before, by the request or the reconciler).
   */
  Future<Boolean> settle(UUID paymentId, String status, int answerStatus, JsonObject answer, DomainEvent event) {
    if (!OUTCOMES.contains(status)) {
      throw new IllegalArgumentException("A payment is settled as one of " + OUTCOMES + ", not " + status);
    }
    return withEvent("UPDATE payments SET status = $2, answer_status = $3, answer = $4, updated_at = now(), "
        + "next_check_at = NULL WHERE id = $1 AND status IN " + SETTLE_FROM + " RETURNING id", event,
      Tuple.tuple().addUUID(paymentId).addString(status).addInteger(answerStatus).addValue(answer));
  }

  /**
   * Asks for a refund of an approved payment: REFUND_PENDING, which the reconciler takes to the provider until it
   * confirms. In the caller's transaction (the event consumer's); false when the payment was not APPROVED.
   */
  static Future<Boolean> refundPending(SqlConnection conn, UUID paymentId, String reason) {
    return changed(conn.preparedQuery("UPDATE payments SET status = 'REFUND_PENDING', refund_reason = $2, checks = 0, "
        + "next_check_at = now(), updated_at = now() WHERE id = $1 AND status IN " + REFUND_FROM)
      .execute(Tuple.of(paymentId, reason)));
  }

  /** As {@link #refundPending}, for the order's approved payment; false when the order has none. */
  static Future<Boolean> refundPendingOfOrder(SqlConnection conn, UUID orderId, String reason) {
    return changed(conn.preparedQuery("UPDATE payments SET status = 'REFUND_PENDING', refund_reason = $2, checks = 0, "
        + "next_check_at = now(), updated_at = now() WHERE order_id = $1 AND status IN " + REFUND_FROM)
      .execute(Tuple.of(orderId, reason)));
  }

  /** The provider confirmed the cancel: REFUNDED, with its PaymentRefunded event; false when done before. */
  Future<Boolean> refunded(UUID paymentId, DomainEvent event) {
    return withEvent("UPDATE payments SET status = 'REFUNDED', updated_at = now(), next_check_at = NULL "
      + "WHERE id = $1 AND status IN " + REFUNDED_FROM + " RETURNING id", event, Tuple.tuple().addUUID(paymentId));
  }

  /**
   * Leases up to {@code limit} payments whose next look-up is due (unsettled or refund pending), pushing each one's
   * next look-up back by its backoff first, so that other instances skip them (rows locked by another lease are
   * skipped, not waited for) and a lease lost to a crash is taken up again once the backoff has passed.
   */
  Future<List<PaymentRecord>> leaseDue(int limit, long baseMillis, long maxMillis) {
    return pool.preparedQuery("UPDATE payments SET next_check_at = " + BACKOFF + ", checks = checks + 1 "
        + "WHERE id IN (SELECT id FROM payments WHERE status IN " + DUE + " "
        + "AND next_check_at <= now() ORDER BY next_check_at LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
      .execute(Tuple.of(limit, baseMillis, maxMillis))
      .map(rows -> {
        List<PaymentRecord> due = new java.util.ArrayList<>(rows.size());
        rows.forEach(row -> due.add(PaymentRecord.from(row)));
        return due;
      });
  }

  /** How many payments are unsettled or refund pending, by status, and the age in seconds of the oldest of each. */
  Future<Map<String, double[]>> openByStatus() {
    return pool.query("SELECT status, count(*), extract(epoch FROM now() - min(created_at)) FROM payments "
        + "WHERE status IN " + DUE + " GROUP BY status").execute()
      .map(rows -> {
        Map<String, double[]> open = new HashMap<>();
        rows.forEach(row -> open.put(row.getString(0), new double[] {row.getLong(1), row.getDouble(2)}));
        return open;
      });
  }

  /** {@code update} (with RETURNING) and, when it changed the row and {@code event} is set, the event's outbox row. */
  private Future<Boolean> withEvent(String update, DomainEvent event, Tuple args) {
    int n = args.size();
    String sql = "WITH changed AS (" + update + "), ev AS (INSERT INTO outbox (topic, key, event) SELECT $" + (n + 1)
      + ", $" + (n + 2) + ", $" + (n + 3) + " FROM changed WHERE $" + (n + 3) + "::jsonb IS NOT NULL) "
      + "SELECT count(*) FROM changed";
    args.addString(Topics.PAYMENT_EVENTS).addString(event == null ? null : event.key())
      .addValue(event == null ? null : event.toJson());
    return pipelined.execute(sql, args).map(rows -> rows.iterator().next().getLong(0) > 0);
  }

  private static Future<PaymentRecord> one(Future<RowSet<Row>> query) {
    return query.map(first(PaymentRecord::from));
  }

  private static <T> Function<RowSet<Row>, T> first(Function<Row, T> read) {
    return rows -> rows.size() == 0 ? null : read.apply(rows.iterator().next());
  }

  private static Future<Boolean> changed(Future<RowSet<Row>> update) {
    return update.map(rows -> rows.rowCount() == 1);
  }
}
