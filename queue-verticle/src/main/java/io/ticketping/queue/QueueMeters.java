package io.ticketping.queue;

import io.ticketping.shared.observability.DomainMeters;
import io.ticketping.shared.observability.MetricNames;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * The waiting room's meters per show, fed by each tick's result (the tick reads the sizes anyway, so the gauges cost
 * no Redis call of their own). With several tickers every one reports the same sizes and total; the counts of expired
 * passes and dropped ghosts are each ticker's own share, so Prometheus sums those and takes the max of the others.
 */
final class QueueMeters {

  /** The per-show meters, which a show that is no longer ticked stops exporting. */
  private static final List<String> PER_SHOW = List.of(MetricNames.QUEUE_WAITING, MetricNames.QUEUE_OPEN,
    MetricNames.QUEUE_WORKING, MetricNames.QUEUE_ADMITTED, MetricNames.QUEUE_LAST_ETA, MetricNames.QUEUE_PASSES_EXPIRED,
    MetricNames.QUEUE_GHOSTS_DROPPED, MetricNames.QUEUE_WAIT, MetricNames.QUEUE_ABANDONED);

  private final DomainMeters meters;

  QueueMeters(Vertx vertx) {
    this.meters = DomainMeters.of(vertx);
  }

  /** How many shows the ticker's last round walked: the live ones (a gauge per JVM, shared by its tickers). */
  void walked(int shows) {
    meters.gauge(MetricNames.QUEUE_TICK_SHOWS, "Shows the last admission tick walked (the live ones)").set(shows);
  }

  /**
   * Drops the meters of a show the tickers no longer walk (it ended, or closed with nobody left): frozen at its last
   * tick they would read as a line that stopped moving.
   */
  void forget(String showId) {
    PER_SHOW.forEach(name -> meters.remove(name, MetricNames.SHOW, showId));
  }

  /** An admitted buyer waited {@code waitMillis} from entering the line (0: straight in). */
  void waited(String showId, long waitMillis) {
    meters.histogram(MetricNames.QUEUE_WAIT, "How long admitted buyers waited from entering the line to admission",
      WaitBuckets.SECONDS, MetricNames.SHOW, showId).record(waitMillis / 1000.0);
  }

  /** {@code count} places given up before admission, for {@code reason}: {@code left} or {@code timed_out}. */
  void abandoned(String showId, String reason, int count) {
    meters.counter(MetricNames.QUEUE_ABANDONED, "Places given up before admission: left, or timed out (ghosts)",
      MetricNames.SHOW, showId, MetricNames.REASON, reason).increment(count);
  }

  void record(TickResult tick) {
    String[] show = {MetricNames.SHOW, tick.showId()};
    meters.gauge(MetricNames.QUEUE_WAITING, "Users waiting in line", show).set(tick.waiting());
    // 0 while sold out too: a line that waits for seats is not stalled.
    meters.gauge(MetricNames.QUEUE_OPEN,
        "1 while the line is admitting (OPEN or DRAINING, seats on sale), 0 before opening, paused, closed or sold out",
        show)
      .set(tick.admitting() ? 1 : 0);
    meters.gauge(MetricNames.QUEUE_WORKING, "Users admitted and holding a queue pass", show).set(tick.working());
    meters.total(MetricNames.QUEUE_ADMITTED, "Users admitted to the working set (rate() = admitted per second)", show)
      .set(tick.admittedTotal());
    Long eta = tick.lastPlaceEtaSeconds();
    meters.gauge(MetricNames.QUEUE_LAST_ETA, "Estimated wait of the last place in line (NaN: line not moving)", show)
      .set(eta == null ? Double.NaN : eta);
    meters.counter(MetricNames.QUEUE_PASSES_EXPIRED, "Queue passes that ran out unused", show)
      .increment(tick.expired());
    meters.counter(MetricNames.QUEUE_GHOSTS_DROPPED, "Waiters dropped for not polling (ghosts)", show)
      .increment(tick.dropped());
  }
}
