package io.ticketping.booking;

import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.periodic.PeriodicPass;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets the Redis keys of shows that ended expire, so Redis holds the shows still running rather than every show ever
 * sold. A show ends when its last schedule begins (a schedule has no end time of its own; nothing of the show is on
 * sale any more), and its keys expire {@code retention} later: the seat map, holds, buyers' counts and counted orders
 * of each schedule here, and the queue's keys through {@link QueueAddresses#END}, which also closes the queue and
 * takes it off the tickers' list.
 *
 * <p>PostgreSQL says which shows ended and records, in {@code shows.keys_expire_at}, those whose keys were set to
 * expire; each pass claims the others with {@code FOR NO KEY UPDATE SKIP LOCKED} (any number of instances may sweep at
 * once) and records a show only once Redis and the queue both did their part, so a show whose pass failed (Redis or
 * the queue away, or no queue yet: a show created with its schedules already begun is set up right after its commit)
 * is tried again by the next pass, until its keys would have expired anyway. Every step is idempotent. A queue an
 * admin restarts afterwards lives on (the queue brings its keys back); a seat map read afterwards is warmed again and
 * kept for {@code retention} from then.
 */
final class EndedShows {

  private static final Logger LOG = LoggerFactory.getLogger(EndedShows.class);
  private static final int BATCH = 100;
  private static final String CLAIM = "SELECT sh.id, e.ended_at, e.schedules FROM shows sh "
    + "CROSS JOIN LATERAL (SELECT max(starts_at) AS ended_at, array_agg(id) AS schedules FROM schedules "
    + "WHERE show_id = sh.id) e "
    + "WHERE sh.keys_expire_at IS NULL AND e.ended_at <= now() ORDER BY sh.id LIMIT $1 "
    // NO KEY: a hold's order row still takes its FOR KEY SHARE on the show meanwhile, unhindered.
    + "FOR NO KEY UPDATE OF sh SKIP LOCKED";

  private final Vertx vertx;
  private final Pool pool;
  private final SeatMap seatMap;
  private final Duration retention;
  private final ServiceCalls queue;
  private final PeriodicPass passes;

  /** {@code requestTimeoutMillis}: how long the queue may take to answer. */
  EndedShows(Vertx vertx, Pool pool, SeatMap seatMap, Duration retention, long requestTimeoutMillis) {
    this.vertx = vertx;
    this.pool = pool;
    this.seatMap = seatMap;
    this.retention = retention;
    this.queue = new ServiceCalls(vertx.eventBus(), requestTimeoutMillis);
    this.passes = new PeriodicPass(vertx, "Pass over ended shows", this::sweep);
  }

  /** Runs a pass now and every {@code periodMillis} from now on; a pass still running is never overlapped. */
  EndedShows start(long periodMillis) {
    passes.start(periodMillis);
    return this;
  }

  void stop() {
    passes.stop();
  }

  /** Sets the keys of every show that ended to expire, batch after batch; how many shows it did. */
  Future<Integer> sweep() {
    return sweepBatch().compose(done -> done.claimed() < BATCH || done.expired() == 0
      ? Future.succeededFuture(done.expired())
      : sweep().map(more -> done.expired() + more));
  }

  private record Batch(int claimed, int expired) {
  }

  private Future<Batch> sweepBatch() {
    return pool.withTransaction(conn -> conn.preparedQuery(CLAIM).execute(Tuple.of(BATCH)).compose(rows -> {
      List<Future<Boolean>> shows = new ArrayList<>();
      for (Row row : rows) {
        shows.add(expire(conn, row.getLong("id"), row.getOffsetDateTime("ended_at"),
          List.of(row.getArrayOfLongs("schedules"))));
      }
      return Future.join(shows).transform(all -> Future.succeededFuture(new Batch(shows.size(),
        (int) shows.stream().filter(show -> show.succeeded() && show.result()).count())));
    }));
  }

  /**
   * One show: its schedules' keys and its queue's keys expire, then the show is recorded as done; whether it was.
   * A show with no queue is recorded only once its keys' time has passed: its queue may be about to be set up.
   */
  private Future<Boolean> expire(SqlConnection conn, long showId, OffsetDateTime endedAt, List<Long> schedules) {
    OffsetDateTime expireAt = endedAt.plus(retention);
    long expireAtMillis = expireAt.toInstant().toEpochMilli();
    List<Future<Integer>> keys = new ArrayList<>();
    for (long scheduleId : schedules) {
      keys.add(seatMap.expire(scheduleId, expireAtMillis));
    }
    JsonObject ended = new JsonObject().put("showId", String.valueOf(showId)).put("expireAt", expireAtMillis);
    return Future.all(keys)
      .compose(v -> queue.request(QueueAddresses.END, ended))
      .compose(reply -> {
        if (!reply.getBoolean("ended") && expireAtMillis > System.currentTimeMillis()) {
          LOG.debug("Show {} ended but has no queue (yet); the next pass looks again", showId);
          return Future.succeededFuture(false);
        }
        return conn.preparedQuery("UPDATE shows SET keys_expire_at = $2 WHERE id = $1")
          .execute(Tuple.of(showId, expireAt.withOffsetSameInstant(ZoneOffset.UTC))).map(true);
      })
      .onFailure(e -> LOG.warn("Keys of show {}, which ended, not set to expire yet; the next pass retries: {}", showId,
        e.toString()));
  }
}
