package io.ticketping.booking;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Shows, schedules and seats in PostgreSQL. */
final class Catalogue {

  private final Pool pool;

  Catalogue(Pool pool) {
    this.pool = pool;
  }

  /** Creates the show, its schedules and every seat in one transaction; the show's JSON with schedule ids. */
  Future<JsonObject> create(ShowDraft draft) {
    return pool.withTransaction(conn -> conn
      .preparedQuery("INSERT INTO shows (title, venue, sale_opens_at, ticket_limit, refund_cutoff_hours, organiser_id) "
        + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
      .execute(Tuple.of(draft.title(), draft.venue(), utc(draft.saleOpensAt()), draft.ticketLimit(),
        draft.refundCutoffHours(), draft.organiserId()))
      .compose(rows -> {
        long showId = rows.iterator().next().getLong(0);
        Future<JsonArray> schedules = Future.succeededFuture(new JsonArray());
        for (var startsAt : draft.schedules()) {
          schedules = schedules.compose(done -> createSchedule(conn, showId, utc(startsAt), draft)
            .map(scheduleId -> done.add(new JsonObject().put("scheduleId", scheduleId)
              .put("startsAt", startsAt.toString()))));
        }
        return schedules.map(list -> new JsonObject().put("showId", showId).put("title", draft.title())
          .put("venue", draft.venue()).put("saleOpensAt", draft.saleOpensAt().toString())
          .put("ticketLimit", draft.ticketLimit()).put("refundCutoffHours", draft.refundCutoffHours())
          .put("organiserId", draft.organiserId()).put("schedules", list));
      }));
  }

  private Future<Long> createSchedule(SqlConnection conn, long showId, OffsetDateTime startsAt, ShowDraft draft) {
    return conn.preparedQuery("INSERT INTO schedules (show_id, starts_at) VALUES ($1, $2) RETURNING id")
      .execute(Tuple.of(showId, startsAt))
      .compose(rows -> {
        long scheduleId = rows.iterator().next().getLong(0);
        Future<Void> seats = Future.succeededFuture();
        for (ShowDraft.Grade grade : draft.grades()) {
          seats = seats.compose(v -> conn.preparedQuery("INSERT INTO seats (schedule_id, seat_row, seat_col, grade, price) "
              + "SELECT $1, r, c, $2, $3 FROM unnest($4::int[]) AS r, generate_series(1, $5) AS c")
            .execute(Tuple.of(scheduleId, grade.grade(), grade.price(), grade.rows().toArray(new Integer[0]),
              draft.cols()))
            .mapEmpty());
        }
        return seats.map(scheduleId);
      });
  }

  /** One page of shows, newest sale first. */
  Future<JsonObject> page(int limit, int offset) {
    return pool.preparedQuery("SELECT id, title, venue, sale_opens_at FROM shows ORDER BY sale_opens_at DESC, id DESC "
        + "LIMIT $1 OFFSET $2")
      .execute(Tuple.of(limit, offset))
      .map(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(showJson(row)));
        return new JsonObject().put("items", items).put("limit", limit).put("offset", offset);
      });
  }

  /** The show with its ticket limit, its schedules and the price of each grade, or null. */
  Future<JsonObject> show(long showId) {
    Future<RowSet<Row>> show = pool
      .preparedQuery("SELECT id, title, venue, sale_opens_at, ticket_limit, refund_cutoff_hours FROM shows WHERE id = $1")
      .execute(Tuple.of(showId));
    Future<RowSet<Row>> schedules = pool
      .preparedQuery("SELECT id, starts_at FROM schedules WHERE show_id = $1 ORDER BY starts_at, id").execute(Tuple.of(showId));
    Future<RowSet<Row>> prices = pool.preparedQuery("SELECT grade, min(price) AS price, count(*) AS seats "
        + "FROM seats WHERE schedule_id = (SELECT min(id) FROM schedules WHERE show_id = $1) GROUP BY grade ORDER BY 2 DESC")
      .execute(Tuple.of(showId));
    return Future.all(show, schedules, prices).map(all -> {
      if (show.result().size() == 0) {
        return null;
      }
      JsonArray scheduleList = new JsonArray();
      schedules.result().forEach(row -> scheduleList.add(new JsonObject().put("scheduleId", row.getLong("id"))
        .put("startsAt", row.getOffsetDateTime("starts_at").toInstant().toString())));
      JsonArray grades = new JsonArray();
      prices.result().forEach(row -> grades.add(new JsonObject().put("grade", row.getString("grade"))
        .put("price", row.getLong("price")).put("seatsPerSchedule", row.getLong("seats"))));
      Row found = show.result().iterator().next();
      return showJson(found).put("ticketLimit", found.getInteger("ticket_limit"))
        .put("refundCutoffHours", found.getInteger("refund_cutoff_hours")).put("schedules", scheduleList)
        .put("grades", grades);
    });
  }

  /** The schedule's seats, or null when there is no such schedule. */
  Future<ScheduleSeats> scheduleSeats(long scheduleId) {
    return pool.preparedQuery("SELECT s.show_id, st.id, st.seat_row, st.seat_col, st.grade, st.price "
        + "FROM schedules s LEFT JOIN seats st ON st.schedule_id = s.id WHERE s.id = $1 ORDER BY st.seat_row, st.seat_col")
      .execute(Tuple.of(scheduleId))
      .map(rows -> {
        if (rows.size() == 0) {
          return null;
        }
        Map<Long, SeatInfo> seats = new LinkedHashMap<>();
        long showId = 0;
        for (Row row : rows) {
          showId = row.getLong("show_id");
          if (row.getLong("id") != null) {
            seats.put(row.getLong("id"), SeatInfo.from(row));
          }
        }
        return new ScheduleSeats(scheduleId, showId, seats);
      });
  }

  /**
   * What a cold seat map is warmed from: every seat's state, the show's ticket limit, the orders it counts, and
   * whether the show has ended (its last schedule has begun).
   */
  record SeatMapSnapshot(Map<Long, String> states, int ticketLimit, List<CountedOrder> orders, boolean showEnded) {
  }

  /** A PENDING_PAYMENT or PAID order of the schedule, counted against its buyer's ticket limit. */
  record CountedOrder(String orderId, long userId, long seats) {
  }

  /**
   * Runs {@code then} with the states of the schedule's seats (all of them, or only {@code onlySeats}) as the seat map
   * writes them (AVAILABLE, HELD:orderId or SOLD), while no seat of the schedule can change in PostgreSQL. The
   * schedule's seat-map lock, taken exclusively here and shared by every seat change (a trigger on {@code seats},
   * migration V9), waits for the schedule's seat changes in flight to commit and holds new ones off until {@code then}
   * is done, so a copy written to Redis under it is never older than a change that committed before it was written:
   * a re-warm that read a seat as AVAILABLE just before a hold committed it would otherwise write that stale AVAILABLE
   * after the hold had already marked Redis, and the seat would look free forever. Only warming a cold map and
   * correcting it after a refused hold take this lock, so seat changes of this schedule wait for it only then, for
   * one read and one script; other schedules never do.
   */
  <T> Future<T> withSeatStatesLocked(long scheduleId, List<Long> onlySeats, Function<Map<Long, String>, Future<T>> then) {
    return pool.withTransaction(conn -> lockSeatMap(conn, scheduleId)
      .compose(locked -> seatStates(conn, scheduleId, onlySeats))
      .compose(then));
  }

  /**
   * As {@link #withSeatStatesLocked} for every seat, with the show's ticket limit and the schedule's live orders: the
   * buyers' counts agree with the seat states, since an order never starts, ends or is paid without a seat change in
   * its transaction, and none can commit under the lock.
   */
  <T> Future<T> withSeatMapLocked(long scheduleId, Function<SeatMapSnapshot, Future<T>> then) {
    return pool.withTransaction(conn -> lockSeatMap(conn, scheduleId)
      .compose(locked -> seatStates(conn, scheduleId, null))
      .compose(states -> conn.preparedQuery("SELECT sh.ticket_limit, "
          + "(SELECT max(starts_at) FROM schedules WHERE show_id = sh.id) <= now() AS ended "
          + "FROM schedules s JOIN shows sh ON sh.id = s.show_id WHERE s.id = $1").execute(Tuple.of(scheduleId))
        .compose(limit -> conn.preparedQuery("SELECT o.id, o.user_id, count(*) AS seats FROM orders o "
            + "JOIN order_seats os ON os.order_id = o.id WHERE o.schedule_id = $1 "
            + "AND o.status IN ('PENDING_PAYMENT', 'PAID') GROUP BY o.id, o.user_id").execute(Tuple.of(scheduleId))
          .map(orders -> {
            List<CountedOrder> counted = new ArrayList<>();
            orders.forEach(row -> counted.add(new CountedOrder(row.getUUID("id").toString(), row.getLong("user_id"),
              row.getLong("seats"))));
            Row show = limit.size() == 0 ? null : limit.iterator().next();
            return new SeatMapSnapshot(states, show == null ? TicketLimit.DEFAULT : show.getInteger("ticket_limit"),
              counted, show != null && show.getBoolean("ended"));
          })))
      .compose(then));
  }

  private static Future<Void> lockSeatMap(SqlConnection conn, long scheduleId) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock(seat_map_lock_key($1))").execute(Tuple.of(scheduleId))
      .mapEmpty();
  }

  private static Future<Map<Long, String>> seatStates(SqlConnection conn, long scheduleId, List<Long> onlySeats) {
    String sql = "SELECT id, status, order_id FROM seats WHERE schedule_id = $1"
      + (onlySeats == null ? "" : " AND id = ANY($2)");
    // Not Tuple.of(id, array): Java picks its varargs overload and spreads the array into separate values.
    Tuple args = onlySeats == null ? Tuple.of(scheduleId)
      : Tuple.tuple().addLong(scheduleId).addArrayOfLong(onlySeats.toArray(new Long[0]));
    return conn.preparedQuery(sql).execute(args).map(rows -> {
      Map<Long, String> states = new HashMap<>();
      for (Row row : rows) {
        String status = row.getString("status");
        states.put(row.getLong("id"), "HELD".equals(status) ? "HELD:" + row.getUUID("order_id") : status);
      }
      return states;
    });
  }

  private static JsonObject showJson(Row row) {
    return new JsonObject().put("showId", row.getLong("id")).put("title", row.getString("title"))
      .put("venue", row.getString("venue"))
      .put("saleOpensAt", row.getOffsetDateTime("sale_opens_at").toInstant().toString());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
