package io.ticketping.booking;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Expires unpaid holds on time. PostgreSQL is the source: each sweep claims a batch of overdue pending orders with
 * {@code FOR UPDATE SKIP LOCKED} (so any number of instances may sweep at once, each order ending once), ends them as
 * EXPIRED with their seats AVAILABLE, and then frees the seats in the Redis map. Because the overdue orders are read
 * from the database, a restart or a lost Redis loses no expiry; a Redis release lost to a crash is caught by the
 * stale-hold pass over the {@code holds:{scheduleId}} zsets. Each sweep also repairs the seat map of orders whose
 * sale or refusal it has not been shown yet ({@link SeatMapSync}).
 */
final class HoldSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(HoldSweeper.class);
  private static final int BATCH = 200;
  private static final long STALE_GRACE_MS = 10_000;
  private static final int STALE_PASS_EVERY = 10;

  private final Vertx vertx;
  private final Pool pool;
  private final SeatMap seatMap;
  private final SeatMapSync seatMapSync;
  private final long periodMillis;
  private final BookingMeters meters;
  private final SeatAvailability availability;
  private long timer = -1;
  private boolean running;
  private long sweeps;

  HoldSweeper(Vertx vertx, Pool pool, SeatMap seatMap, SeatMapSync seatMapSync, SeatAvailability availability,
              long periodMillis) {
    this.vertx = vertx;
    this.availability = availability;
    this.pool = pool;
    this.seatMap = seatMap;
    this.seatMapSync = seatMapSync;
    this.periodMillis = periodMillis;
    this.meters = new BookingMeters(vertx);
  }

  HoldSweeper start() {
    timer = vertx.setPeriodic(periodMillis, id -> {
      if (running) {
        return; // the previous sweep is still working: never overlap our own sweeps
      }
      running = true;
      boolean stalePass = ++sweeps % STALE_PASS_EVERY == 0;
      sweepOnce().compose(expired -> stalePass ? releaseStale() : Future.succeededFuture())
        .compose(v -> seatMapSync.repairOnce())
        .onFailure(e -> LOG.warn("Hold sweep failed; the next one retries: {}", e.toString()))
        .onComplete(done -> running = false);
    });
    return this;
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Expires one batch of overdue holds; the number of orders expired. */
  Future<Integer> sweepOnce() {
    return pool.withTransaction(conn -> conn
        .query("SELECT o.id, o.show_id, o.schedule_id, os.seat_id FROM orders o JOIN order_seats os ON os.order_id = o.id "
          + "WHERE o.id IN (SELECT id FROM orders WHERE status = 'PENDING_PAYMENT' AND hold_expires_at <= now() "
          + "ORDER BY hold_expires_at LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED)")
        .execute()
        .compose(rows -> {
          Map<UUID, Expired> due = new HashMap<>();
          for (Row row : rows) {
            due.computeIfAbsent(row.getUUID("id"), id -> new Expired(id, row.getLong("show_id"),
              row.getLong("schedule_id"), new ArrayList<>()))
              .seatIds().add(row.getLong("seat_id"));
          }
          Future<Void> chain = Future.succeededFuture();
          for (Expired order : due.values()) {
            chain = chain.compose(v -> OrderRepository.endPending(conn, order.orderId(), Order.EXPIRED,
              " AND hold_expires_at <= now()").mapEmpty());
          }
          return chain.map(v -> List.copyOf(due.values()));
        }))
      // Counted once committed: a rolled-back sweep expires the same orders again next time.
      .onSuccess(expired -> expired.forEach(order -> {
        meters.holdExpired(order.showId());
        availability.changed(order.showId());
      }))
      .compose(expired -> Future.join(expired.stream()
          .map(order -> seatMap.release(order.scheduleId(), order.orderId().toString(), order.seatIds()))
          .toList())
        .map(v -> expired.size()));
  }

  private Future<Void> releaseStale() {
    long cutOff = System.currentTimeMillis() - STALE_GRACE_MS;
    return pool.preparedQuery("SELECT id FROM schedules WHERE starts_at > now() - interval '1 day'").execute()
      .compose(rows -> {
        List<Future<Integer>> passes = new ArrayList<>();
        rows.forEach(row -> passes.add(seatMap.releaseStale(row.getLong("id"), cutOff)));
        return Future.join(passes).mapEmpty();
      });
  }

  private record Expired(UUID orderId, long showId, long scheduleId, List<Long> seatIds) {
  }
}
