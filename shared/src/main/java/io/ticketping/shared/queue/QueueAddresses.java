package io.ticketping.shared.queue;

/**
 * Event-bus addresses of the waiting room. All but {@link #TICKED} and {@link #LEFT} are request/reply with a {@code JsonObject} body;
 * a failed request carries the HTTP status as failure code and a {@code Problem} as JSON message.
 */
public final class QueueAddresses {

  /** {@code {showId, userId}} → the user's queue status; joins the line unless already in it. */
  public static final String ENTER = "queue.enter";
  /**
   * {@code {showId, userIds}} → {@code {users: [outcome...]}}: {@link #ENTER} for many users at once, in order; each
   * outcome is the status ENTER would answer, or {@code {problem}} with the problem it would fail with.
   */
  public static final String ENTER_MANY = "queue.enter-many";
  /** {@code {showId, userId}} → the user's queue status; also counts as a heartbeat. */
  public static final String STATUS = "queue.status";
  /** {@code {showId, userId}} → {@code {left}}: gives up a place (waiting, pre-queue or working). */
  public static final String LEAVE = "queue.leave";
  /** {@code {showId, userId}} → {@code {released}}: frees a working slot, e.g. after a purchase. */
  public static final String RELEASE = "queue.release";
  /**
   * {@code {showId, capacity?, admitPerMinute?, passTtlSeconds?, idleTimeoutSeconds?, opensAt?, createOnly?}} → stats;
   * {@code createOnly}: a show that has a queue keeps it as it is (also one its show's end closed).
   */
  public static final String CONFIGURE = "queue.configure";
  /** {@code {showId}} → stats: admission stops, places are kept. */
  public static final String PAUSE = "queue.pause";
  /** {@code {showId}} → stats: reopens a paused, closed or draining queue (arrivals join, admission runs). */
  public static final String RESUME = "queue.resume";
  /** {@code {showId}} → stats: no arrivals, no admission; waiters are told CLOSED and keep their places. */
  public static final String CLOSE = "queue.close";
  /** {@code {showId}} → stats: no arrivals; the line already waiting is still admitted in order. */
  public static final String DRAIN = "queue.drain";
  /**
   * {@code {showId, available, held, version}} → {@code {applied, soldOut}}: booking's count of the show's seats on
   * sale and held (every schedule), at {@code version} (the sum of the seats' versions, so an older count never
   * overwrites a newer one). Admission stops while none is available.
   */
  public static final String SEATS = "queue.seats";
  /**
   * {@code {showId, expireAt}} → {@code {ended}}: the show's last schedule has begun (booking says so). Its queue closes
   * and leaves the tickers' list, and every key of it expires at {@code expireAt} (epoch ms) unless it expires sooner
   * already; {@code ended} is false when the show has no queue. Idempotent. Configuring or resuming the queue
   * afterwards brings it back: its keys live on and it is ticked again.
   */
  public static final String END = "queue.end";
  /** {@code {showId}} → stats. */
  public static final String STATS = "queue.stats";
  /**
   * {@code {showId}} → what became of the show's places, from PostgreSQL: {@code {showId, admitted, admittedBuyers,
   * left, timedOut, waitSeconds: {count, p50, p90, p99, max, mean, buckets: [{fromSeconds, toSeconds, count}]},
   * byMinute: [{minute, admitted, left, timedOut}]}} (zeros for a show with none).
   */
  public static final String OUTCOMES = "queue.outcomes";
  /** {@code {showId, userId}} → {@code {active, expiresAt}}: whether the user holds a live queue pass. */
  public static final String PASS_CHECK = "queue.pass.check";
  /** {@code {showId, userIds}} → {@code {users: {userId: status}}}: batched look-up for stream fan-out. */
  public static final String POSITIONS = "queue.positions";
  /** {@code {showId, userIds}} → {@code {}}: keeps the places of waiters whose streams are open. */
  public static final String HEARTBEAT = "queue.heartbeat";
  /**
   * Published when a user's place or slot is given up (leave, or a slot released after a purchase):
   * {@code {showId, userId}}, so gateways drop what they remember of it.
   */
  public static final String LEFT = "queue.left";
  /** Published after each tick of a show: {@code {showId, admitted, waiting, working, state, soldOut, ...}}. */
  public static final String TICKED = "queue.ticked";

  private QueueAddresses() {
  }
}
