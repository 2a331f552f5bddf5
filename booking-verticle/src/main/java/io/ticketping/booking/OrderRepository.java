package io.ticketping.booking;

import io.ticketping.shared.events.Topics;
import io.ticketping.shared.pg.PipelinedPg;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Orders in PostgreSQL. Seats change hands only through conditional updates whose row counts are checked: a seat
 * goes AVAILABLE → HELD only if it is still AVAILABLE, and back only if this order still holds it.
 */
final class OrderRepository {

  private static final String ORDER_COLUMNS = "o.id, o.user_id, o.show_id, o.schedule_id, o.status, o.amount, "
    + "o.hold_expires_at, o.created_at, st.id AS seat_id, st.seat_row, st.seat_col, st.grade, st.price";
  private static final String ORDER_JOIN = " FROM orders o JOIN order_seats os ON os.order_id = o.id "
    + "JOIN seats st ON st.id = os.seat_id";

  private final Pool pool;
  private final PipelinedPg pipelined;

  OrderRepository(Pool pool, PipelinedPg pipelined) {
    this.pool = pool;
    this.pipelined = pipelined;
  }

  /**
   * Records the order and takes its seats, all or nothing, with its OrderCreated event: false (and nothing written)
   * when any seat is no longer AVAILABLE in PostgreSQL, whatever Redis said. One round trip ({@code hold_seats}).
   */
  Future<Boolean> insertHeld(Order order) {
    return pipelined.execute("SELECT hold_seats($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        Tuple.tuple().addUUID(order.orderId()).addLong(order.userId()).addLong(order.showId())
          .addLong(order.scheduleId()).addLong(order.amount()).addValue(utc(order.holdExpiresAt()))
          .addValue(utc(order.createdAt())).addArrayOfLong(order.seatIds().toArray(new Long[0]))
          .addString(Topics.ORDER_EVENTS)
          .addValue(OrderEvents.of(OrderEvents.CREATED, order.orderId(), order.toJson()).toJson()))
      .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** The order if it belongs to the user, else null. */
  Future<Order> find(UUID orderId, long userId) {
    return pipelined.execute(
        "SELECT " + ORDER_COLUMNS + ORDER_JOIN + " WHERE o.id = $1 AND o.user_id = $2 ORDER BY st.id",
        Tuple.of(orderId, userId))
      .map(rows -> {
        List<Order> orders = toOrders(rows);
        return orders.isEmpty() ? null : orders.get(0);
      });
  }

  /** The user's orders, newest first (at most {@code limit}). */
  Future<List<Order>> mine(long userId, int limit) {
    return pool.preparedQuery("SELECT " + ORDER_COLUMNS + ORDER_JOIN + " WHERE o.id IN "
        + "(SELECT id FROM orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2) ORDER BY o.created_at DESC, st.id")
      .execute(Tuple.of(userId, limit))
      .map(OrderRepository::toOrders);
  }

  /**
   * Ends a pending order (CANCELLED or EXPIRED) and puts its seats back on sale, in the caller's transaction;
   * false when the order was no longer pending (paid, or ended by someone else first).
   */
  static Future<Boolean> endPending(SqlConnection conn, UUID orderId, String endStatus, String extraCondition) {
    return conn.preparedQuery("UPDATE orders SET status = $2, updated_at = now() WHERE id = $1 "
        + "AND status = 'PENDING_PAYMENT'" + extraCondition)
      .execute(Tuple.of(orderId, endStatus))
      .compose(ended -> ended.rowCount() == 0
        ? Future.succeededFuture(false)
        : conn.preparedQuery("UPDATE seats SET status = 'AVAILABLE', order_id = NULL, version = version + 1 "
            + "WHERE order_id = $1 AND status = 'HELD'").execute(Tuple.of(orderId))
          .compose(v -> OrderEvents.append(conn, Order.EXPIRED.equals(endStatus) ? OrderEvents.EXPIRED
            : OrderEvents.CANCELLED, orderId, new JsonObject().put("orderId", orderId.toString())))
          .map(true));
  }

  /**
   * Records the payment of a pending order whose hold has not expired: the order PAID, its seats SOLD, and an
   * OrderPaid event, in the caller's transaction. Null when the order could not take the payment (the hold expired,
   * or it was cancelled): the caller then has it refunded. The order as it now is otherwise.
   */
  static Future<Order> markPaid(SqlConnection conn, UUID orderId, JsonObject payment) {
    return conn.preparedQuery("UPDATE orders SET status = 'PAID', paid_at = now(), updated_at = now() "
        + "WHERE id = $1 AND status = 'PENDING_PAYMENT' AND hold_expires_at > now() RETURNING id")
      .execute(Tuple.of(orderId))
      .compose(paid -> paid.rowCount() == 0
        ? Future.succeededFuture(null)
        : conn.preparedQuery("UPDATE seats SET status = 'SOLD', version = version + 1 "
            + "WHERE order_id = $1 AND status = 'HELD'").execute(Tuple.of(orderId))
          .compose(v -> find(conn, orderId))
          .compose(order -> OrderEvents.append(conn, OrderEvents.PAID, orderId, order.toJson()
            .put("userId", order.userId()).put("paymentId", payment.getString("paymentId"))).map(order)));
  }

  /**
   * Orders whose change the Redis seat map has not been shown a couple of seconds after their commit (the step after
   * the commit failed or never ran), oldest first, at most 100.
   */
  static Future<List<Order>> owingSeatMap(SqlClient client) {
    return client.query("SELECT " + ORDER_COLUMNS + ORDER_JOIN + " WHERE o.id IN (SELECT id FROM orders "
        + "WHERE seat_map_owed AND updated_at < now() - interval '2 seconds' ORDER BY updated_at LIMIT 100) "
        + "ORDER BY o.id, st.id")
      .execute()
      .map(OrderRepository::toOrders);
  }

  /** Starts the refund of a PAID order (REFUNDING), in the caller's transaction; false when it was not PAID. */
  static Future<Boolean> startRefund(SqlConnection conn, UUID orderId) {
    return conn.preparedQuery("UPDATE orders SET status = 'REFUNDING', updated_at = now() WHERE id = $1 "
        + "AND status = 'PAID'").execute(Tuple.of(orderId))
      .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Ends the refund of a REFUNDING order once the money is back: REFUNDED with its seats AVAILABLE, in the caller's
   * transaction. The order as it now is; null when it was not REFUNDING (done before, or never asked).
   */
  static Future<Order> completeRefund(SqlConnection conn, UUID orderId) {
    return conn.preparedQuery("UPDATE orders SET status = 'REFUNDED', updated_at = now() WHERE id = $1 "
        + "AND status = 'REFUNDING'").execute(Tuple.of(orderId))
      .compose(done -> done.rowCount() == 0
        ? Future.succeededFuture(null)
        : conn.preparedQuery("UPDATE seats SET status = 'AVAILABLE', order_id = NULL, version = version + 1 "
            + "WHERE order_id = $1 AND status = 'SOLD'").execute(Tuple.of(orderId))
          .compose(v -> find(conn, orderId)));
  }

  /** Until when the buyer may ask for a refund: the schedule's start minus the show's refund cut-off. */
  Future<Instant> refundableUntil(UUID orderId) {
    return pool.preparedQuery("SELECT sc.starts_at - make_interval(hours => sh.refund_cutoff_hours) FROM orders o "
        + "JOIN schedules sc ON sc.id = o.schedule_id JOIN shows sh ON sh.id = o.show_id WHERE o.id = $1")
      .execute(Tuple.of(orderId))
      .map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
  }

  /** The order whatever its owner, read with the caller's connection (or the pool). */
  static Future<Order> find(SqlClient conn, UUID orderId) {
    return conn.preparedQuery("SELECT " + ORDER_COLUMNS + ORDER_JOIN + " WHERE o.id = $1 ORDER BY st.id")
      .execute(Tuple.of(orderId))
      .map(rows -> {
        List<Order> orders = toOrders(rows);
        return orders.isEmpty() ? null : orders.get(0);
      });
  }

  Pool pool() {
    return pool;
  }

  private static List<Order> toOrders(RowSet<Row> rows) {
    Map<UUID, Order> orders = new LinkedHashMap<>();
    for (Row row : rows) {
      UUID id = row.getUUID("id");
      Order order = orders.computeIfAbsent(id, key -> new Order(key, row.getLong("user_id"), row.getLong("show_id"),
        row.getLong("schedule_id"), row.getString("status"), row.getLong("amount"),
        row.getOffsetDateTime("hold_expires_at").toInstant(), row.getOffsetDateTime("created_at").toInstant(),
        new ArrayList<>()));
      order.seats().add(new SeatInfo(row.getLong("seat_id"), row.getInteger("seat_row"), row.getInteger("seat_col"),
        row.getString("grade"), row.getLong("price")));
    }
    return new ArrayList<>(orders.values());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
