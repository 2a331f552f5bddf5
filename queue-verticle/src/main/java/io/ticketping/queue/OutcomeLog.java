package io.ticketping.queue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps what became of places ({@link LineOutcomes}) in PostgreSQL's {@code queue_outcomes}, and counts it in the
 * meters. Facts gather in memory and are written every {@code flushMillis} by one INSERT of arrays (at most
 * {@link #BATCH} rows each), so an admission rush costs PostgreSQL a statement per flush, not one per buyer, and the
 * event loop never waits for it. A failed write keeps its facts for the next flush; beyond {@code maxPending} facts
 * held (PostgreSQL down for long) new ones are dropped and logged. Facts of the last flush period are lost if the JVM
 * dies. Told on the event loop of the verticle that owns it; synchronized all the same, since a reply may complete on
 * another loop's thread.
 */
final class OutcomeLog implements LineOutcomes {

  private static final Logger LOG = LoggerFactory.getLogger(OutcomeLog.class);
  static final int BATCH = 5_000;
  private static final String INSERT = "INSERT INTO queue_outcomes (show_id, user_id, outcome, at, wait_ms) "
    + "SELECT s, u, o, to_timestamp(a / 1000.0), w "
    + "FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[]) AS f(s, u, o, a, w)";

  private final Vertx vertx;
  private final Pool pool;
  private final QueueMeters meters;
  private final long flushMillis;
  private final int maxPending;
  private List<Fact> pending = new ArrayList<>();
  private boolean flushing;
  private long dropped;
  private long timerId = -1;

  /** {@code settings}: the {@code queue.outcomes} section ({@code flushMillis}, {@code maxPending}). */
  OutcomeLog(Vertx vertx, Pool pool, JsonObject settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.meters = new QueueMeters(vertx);
    this.flushMillis = settings.getLong("flushMillis");
    this.maxPending = settings.getInteger("maxPending");
  }

  OutcomeLog start() {
    timerId = vertx.setPeriodic(flushMillis, id -> flush());
    return this;
  }

  /** Stops the timer and writes what is left (once; a failure is logged). */
  Future<Void> stop() {
    vertx.cancelTimer(timerId);
    return flush();
  }

  @Override
  public synchronized void admitted(String showId, List<Long> users, List<Long> waitMillis) {
    long now = System.currentTimeMillis();
    for (int i = 0; i < users.size(); i++) {
      long wait = waitMillis.get(i);
      keep(new Fact(showId, users.get(i), Outcome.ADMITTED, now, wait));
      meters.waited(showId, wait);
    }
  }

  @Override
  public synchronized void left(String showId, long userId) {
    keep(new Fact(showId, userId, Outcome.LEFT, System.currentTimeMillis(), null));
    meters.abandoned(showId, "left", 1);
  }

  @Override
  public synchronized void timedOut(String showId, List<Long> users) {
    long now = System.currentTimeMillis();
    users.forEach(user -> keep(new Fact(showId, user, Outcome.TIMED_OUT, now, null)));
    meters.abandoned(showId, "timed_out", users.size());
  }

  /** Whether every fact told so far is written (none gathered, none being written). */
  synchronized boolean settled() {
    return pending.isEmpty() && !flushing;
  }

  /**
   * Writes up to {@link #BATCH} of the facts gathered, and goes on while more are waiting; completes once the write
   * ended (a failure keeps the facts and is logged). Does nothing while a write is under way.
   */
  Future<Void> flush() {
    List<Fact> batch;
    synchronized (this) {
      if (flushing || pending.isEmpty()) {
        return Future.succeededFuture();
      }
      batch = new ArrayList<>(pending.subList(0, Math.min(BATCH, pending.size())));
      pending = new ArrayList<>(pending.subList(batch.size(), pending.size()));
      flushing = true;
    }
    return pool.preparedQuery(INSERT).execute(rows(batch)).transform(written -> {
      synchronized (this) {
        flushing = false;
        if (written.failed()) {
          LOG.warn("Could not record {} queue outcomes (kept for the next flush): {}", batch.size(),
            written.cause().toString());
          batch.addAll(pending);
          pending = batch;
          return Future.succeededFuture();
        }
        if (pending.size() < BATCH) {
          return Future.succeededFuture();
        }
      }
      return flush();
    });
  }

  private void keep(Fact fact) {
    if (pending.size() >= maxPending) {
      if (dropped++ % 10_000 == 0) {
        LOG.warn("Queue outcomes not recorded: {} facts wait for PostgreSQL already; {} dropped so far", maxPending,
          dropped);
      }
      return;
    }
    pending.add(fact);
  }

  private static Tuple rows(List<Fact> facts) {
    int n = facts.size();
    String[] shows = new String[n];
    Long[] users = new Long[n];
    String[] outcomes = new String[n];
    Long[] at = new Long[n];
    Long[] waits = new Long[n];
    for (int i = 0; i < n; i++) {
      Fact fact = facts.get(i);
      shows[i] = fact.showId();
      users[i] = fact.userId();
      outcomes[i] = fact.outcome().name();
      at[i] = fact.atMillis();
      waits[i] = fact.waitMillis();
    }
    return Tuple.tuple().addValue(shows).addValue(users).addValue(outcomes).addValue(at).addValue(waits);
  }

  /** What became of one place. */
  enum Outcome { ADMITTED, LEFT, TIMED_OUT }

  private record Fact(String showId, long userId, Outcome outcome, long atMillis, Long waitMillis) {
  }
}
