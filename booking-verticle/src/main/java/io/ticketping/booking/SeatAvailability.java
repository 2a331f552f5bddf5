package io.ticketping.booking;

import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells the waiting room how many seats of a show are on sale, so that it stops admitting people once none is left
 * (and says so) and starts again when one comes back. Booking is the only one who knows: after every commit that
 * changes seats (a hold, a cancel, an expiry, a sale, a refused late payment) the show is counted again in PostgreSQL,
 * the truth, over all its schedules, and the count goes to {@link QueueAddresses#SEATS} with the sum of the seats'
 * versions. That sum grows with every committed seat change, so the queue keeps the newest count whichever instance
 * sends it and in whatever order the messages arrive.
 *
 * <p>Counts of one show never overlap on one instance, and follow each other at least {@code minGapMillis} apart: in
 * a rush of holds one count covers many of them, instead of a count per hold. A change that lands while a count runs
 * is counted once that one is done. A count lost to a crash or an outage is repaired by {@link #start}'s periodic
 * refresh of every show still on sale. Confined to the event loop of the verticle instance that created it; callers
 * on other threads are moved onto it.
 */
final class SeatAvailability {

  private static final Logger LOG = LoggerFactory.getLogger(SeatAvailability.class);
  private static final long REFRESH_MILLIS = 10_000;
  private static final String COUNT = "SELECT count(*) FILTER (WHERE st.status = 'AVAILABLE') AS available, "
    + "count(*) FILTER (WHERE st.status = 'HELD') AS held, coalesce(sum(st.version), 0) AS version, sc.show_id "
    + "FROM seats st JOIN schedules sc ON sc.id = st.schedule_id ";

  private final Vertx vertx;
  private final Context context;
  private final Pool pool;
  private final ServiceCalls queue;
  private final long minGapMillis;
  /** Shows being counted now; true when a change arrived meanwhile, so they need counting again. */
  private final Map<Long, Boolean> counting = new HashMap<>();
  private long refresher = -1;

  /** {@code requestTimeoutMillis}: how long the queue may take to answer. */
  SeatAvailability(Vertx vertx, Pool pool, long minGapMillis, long requestTimeoutMillis) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.queue = new ServiceCalls(vertx.eventBus(), requestTimeoutMillis);
    this.minGapMillis = minGapMillis;
  }

  /** Counts every show with a schedule ahead (or begun within a day) now and every few seconds from now on. */
  SeatAvailability start() {
    refreshAll();
    refresher = vertx.setPeriodic(REFRESH_MILLIS, id -> refreshAll());
    return this;
  }

  void stop() {
    if (refresher >= 0) {
      vertx.cancelTimer(refresher);
    }
  }

  /** Seats of {@code showId} changed in a committed transaction: the waiting room hears the new count shortly. */
  void changed(long showId) {
    context.runOnContext(v -> {
      if (counting.containsKey(showId)) {
        counting.put(showId, true);
        return;
      }
      counting.put(showId, false);
      countAndSend(showId)
        .compose(sent -> vertx.timer(minGapMillis))
        .onComplete(done -> {
          boolean again = counting.remove(showId);
          if (again) {
            changed(showId);
          }
        });
    });
  }

  private Future<Void> countAndSend(long showId) {
    return pool.preparedQuery(COUNT + "WHERE sc.show_id = $1 GROUP BY sc.show_id").execute(Tuple.of(showId))
      .compose(rows -> rows.size() == 0 ? Future.succeededFuture() : send(rows.iterator().next()))
      .recover(e -> {
        LOG.warn("Seats on sale of show {} not passed to the waiting room; the next change or refresh does: {}",
          showId, e.toString());
        return Future.succeededFuture();
      });
  }

  private void refreshAll() {
    pool.query(COUNT + "WHERE sc.show_id IN (SELECT show_id FROM schedules WHERE starts_at > now() - interval '1 day') "
        + "GROUP BY sc.show_id").execute()
      .compose(rows -> {
        List<Future<Void>> sent = new ArrayList<>();
        rows.forEach(row -> sent.add(send(row)));
        return Future.join(sent);
      })
      .onFailure(e -> LOG.warn("Refreshing the waiting rooms' seats on sale failed; the next refresh retries: {}",
        e.toString()));
  }

  private Future<Void> send(Row count) {
    JsonObject seats = new JsonObject().put("showId", String.valueOf(count.getLong("show_id")))
      .put("available", count.getLong("available")).put("held", count.getLong("held"))
      .put("version", count.getLong("version"));
    return queue.request(QueueAddresses.SEATS, seats).<Void>mapEmpty().recover(e -> {
      if (e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
        // No queue service (yet): split roles start in any order, and the refresh tells it once it is there.
        LOG.debug("No waiting room service to tell about show {}", seats.getString("showId"));
        return Future.succeededFuture();
      }
      // A show without a waiting room has nobody to tell.
      return e instanceof ReplyException r && r.failureCode() == 404 ? Future.succeededFuture() : Future.failedFuture(e);
    });
  }
}
