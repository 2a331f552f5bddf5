package io.ticketping.shared.observability;

/**
 * Every domain meter's name, in one place because the Grafana dashboard and the alert rules in
 * {@code deploy/monitoring} query them by their Prometheus names (dots become underscores; counters gain
 * {@code _total}). Renaming one here breaks {@code MonitoringFilesTest} until those files follow.
 */
public final class MetricNames {

  /** Tag of the show a meter is about. */
  public static final String SHOW = "show";

  public static final String QUEUE_WAITING = "ticketping.queue.waiting";
  public static final String QUEUE_OPEN = "ticketping.queue.open";
  public static final String QUEUE_WORKING = "ticketping.queue.working";
  public static final String QUEUE_ADMITTED = "ticketping.queue.admitted";
  public static final String QUEUE_LAST_ETA = "ticketping.queue.last.eta.seconds";
  public static final String QUEUE_PASSES_EXPIRED = "ticketping.queue.passes.expired";
  public static final String QUEUE_GHOSTS_DROPPED = "ticketping.queue.ghosts.dropped";
  public static final String QUEUE_STREAMS_OPEN = "ticketping.queue.streams.open";
  public static final String QUEUE_TICK_SHOWS = "ticketping.queue.tick.shows";
  /** How long admitted buyers waited from entering the line to admission (a histogram). */
  public static final String QUEUE_WAIT = "ticketping.queue.wait.seconds";
  /** Places given up before admission, by {@link #REASON}: {@code left} or {@code timed_out} (a ghost). */
  public static final String QUEUE_ABANDONED = "ticketping.queue.abandoned";
  /** Tag of why something happened. */
  public static final String REASON = "reason";

  /** Refresh tokens presented again after use: each ended its session (a stolen token, or a client's double send). */
  public static final String AUTH_REFRESH_REUSED = "ticketping.auth.refresh.reused";

  /** Not "created": Prometheus reserves a counter's {@code _created} suffix for its creation time. */
  public static final String HOLDS_PLACED = "ticketping.holds.placed";
  public static final String HOLDS_EXPIRED = "ticketping.holds.expired";
  public static final String SEATS_SOLD = "ticketping.seats.sold";
  /** Orders paid: with the admitted total and the holds placed, a sale's conversion. */
  public static final String ORDERS_PAID = "ticketping.orders.paid";
  public static final String SEAT_CONFLICTS = "ticketping.seat.conflicts";
  public static final String ORDERS_REFUNDED = "ticketping.orders.refunded";
  public static final String SEATS_REFUNDED = "ticketping.seats.refunded";

  public static final String PAYMENTS = "ticketping.payments";
  public static final String PAYMENTS_RECONCILED = "ticketping.payments.reconciled";
  public static final String PAYMENTS_UNSETTLED = "ticketping.payments.unsettled";
  public static final String PAYMENTS_UNSETTLED_OLDEST_AGE = "ticketping.payments.unsettled.oldest.age.seconds";
  public static final String BREAKER_STATE = "ticketping.breaker.state";

  public static final String OUTBOX_BACKLOG = "ticketping.outbox.backlog";
  public static final String OUTBOX_OLDEST_AGE = "ticketping.outbox.oldest.age.seconds";
  public static final String CONSUMER_LAG = "ticketping.consumer.lag";
  public static final String EVENTS_DEAD_LETTERED = "ticketping.events.dead.lettered";

  private MetricNames() {
  }
}
