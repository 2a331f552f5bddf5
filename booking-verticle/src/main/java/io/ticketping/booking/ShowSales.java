package io.ticketping.booking;

import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.Map;

/**
 * A show's sales figures from PostgreSQL: per schedule its seats by status and its revenue, and the show's orders by
 * status. Revenue is the amount of the PAID orders: a refunding order's money is on its way back, so it no longer
 * counts, though its seats stay SOLD until the refund completes. Every figure comes from one snapshot, so sold seats
 * and revenue never disagree because an order was paid between two reads.
 */
final class ShowSales {

  private static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
  private static final String SEATS = "SELECT sc.id, sc.starts_at, count(st.id) AS seats, "
    + "count(st.id) FILTER (WHERE st.status = 'SOLD') AS sold, count(st.id) FILTER (WHERE st.status = 'HELD') AS held, "
    + "count(st.id) FILTER (WHERE st.status = 'AVAILABLE') AS available "
    + "FROM schedules sc LEFT JOIN seats st ON st.schedule_id = sc.id WHERE sc.show_id = $1 "
    + "GROUP BY sc.id, sc.starts_at ORDER BY sc.starts_at, sc.id";
  private static final String ORDERS = "SELECT schedule_id, status, count(*) AS orders, sum(amount) AS amount "
    + "FROM orders WHERE show_id = $1 GROUP BY schedule_id, status";

  private final Pool pool;

  ShowSales(Pool pool) {
    this.pool = pool;
  }

  /** The figures of {@code showId}; a 404 problem when there is no such show. */
  Future<JsonObject> of(long showId) {
    return pool.withTransaction(conn -> conn.query(SNAPSHOT).execute()
      .compose(v -> conn.preparedQuery("SELECT 1 FROM shows WHERE id = $1").execute(Tuple.of(showId)))
      .compose(show -> show.size() == 0
        ? Future.failedFuture(Problem.notFound("There is no show " + showId + ".").toException())
        : figures(conn, showId)));
  }

  private static Future<JsonObject> figures(SqlConnection conn, long showId) {
    Map<Long, Long> revenueBySchedule = new HashMap<>();
    JsonObject orders = new JsonObject().put("paid", 0L).put("refunded", 0L).put("refunding", 0L)
      .put("pendingPayment", 0L);
    return conn.preparedQuery(ORDERS).execute(Tuple.of(showId))
      .compose(rows -> {
        for (Row row : rows) {
          String field = countField(row.getString("status"));
          if (field != null) {
            orders.put(field, orders.getLong(field) + row.getLong("orders"));
          }
          if (Order.PAID.equals(row.getString("status"))) {
            revenueBySchedule.merge(row.getLong("schedule_id"), row.getLong("amount"), Long::sum);
          }
        }
        return conn.preparedQuery(SEATS).execute(Tuple.of(showId));
      })
      .map(rows -> {
        JsonArray schedules = new JsonArray();
        long revenue = 0;
        for (Row row : rows) {
          long scheduleRevenue = revenueBySchedule.getOrDefault(row.getLong("id"), 0L);
          revenue += scheduleRevenue;
          schedules.add(new JsonObject().put("scheduleId", row.getLong("id"))
            .put("startsAt", row.getOffsetDateTime("starts_at").toInstant().toString())
            .put("seats", row.getLong("seats")).put("sold", row.getLong("sold")).put("held", row.getLong("held"))
            .put("available", row.getLong("available")).put("revenue", scheduleRevenue));
        }
        return new JsonObject().put("showId", showId).put("schedules", schedules).put("orders", orders)
          .put("revenue", revenue);
      });
  }

  /** The member of {@code orders} that counts a status; null for the ones the figures leave out (expired, ...). */
  private static String countField(String status) {
    return switch (status) {
      case Order.PAID -> "paid";
      case Order.REFUNDED -> "refunded";
      case Order.REFUNDING -> "refunding";
      case Order.PENDING_PAYMENT -> "pendingPayment";
      default -> null;
    };
  }
}
