package io.ticketping.gateway.queue;

import io.ticketping.gateway.web.Principal;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.queue.LineReader;
import io.ticketping.shared.queue.LineView;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.queue.QueueStatus;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The gateways' view of the lines of the shows polled here, so that a status poll costs no Redis call and no
 * event-bus hop. Places move only at an admission tick (or when someone leaves), so after each tick of a show polled
 * or streamed on this Vert.x, one gateway instance brings its copy of the show's line up to date by the line's
 * changes since the last tick ({@link LineReader}: Redis work independent of the line's length) and shares it with
 * the others ({@link SharedLines}); each instance writes the heartbeats of the polls it answered since the last tick
 * in batched calls (once per user per eighth of the idle timeout) and feeds its position streams
 * ({@link QueueStreams}) from the line. A poll is answered from a line at most two ticks old, with the exact
 * position; the show's first polls, users who arrived since the last read,
 * pre-queued users, users gone since (their leave or released slot is announced on {@link QueueAddresses#LEFT}) and
 * anything else go on to the queue service. So Redis work grows with ticks × gateway JVMs, not with polls
 * nor with the length of the lines.
 *
 * <p>Polls answered here are rate-limited by token buckets of this instance (the size and refill of the per-user
 * Redis bucket): they cost no shared resource, so a shared bucket would cost more than it protects.
 * Apart from the shared lines, everything runs on the event loop of the verticle instance that created it.
 */
public final class PollView implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(PollView.class);
  /** Local announcement that the reader instance has put a fresh line of a show into the shared lines. */
  private static final String LINE_READ = "ticketping.gateway.queue-line-read";

  private final Vertx vertx;
  private final LineReader reader;
  private final ServiceCalls calls;
  private final QueuePasses passes;
  private final long maxAgeMillis;
  private final long minGapMillis;
  private final long forgetAfterMillis;
  private final UserBuckets buckets;
  private final QueueStreams streams;
  private final SharedLines lines;
  private final Map<String, ShowView> shows = new HashMap<>();
  /** On the reader: when each show's last read began, or -1 while one is running. */
  private final Map<String, Long> reading = new HashMap<>();
  private long prunedAt;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  /**
   * @param tickMillis        the admission tick interval: a line older than two ticks is not answered from
   * @param forgetAfterMillis a show not polled or streamed for this long is no longer read at its ticks
   */
  public PollView(Vertx vertx, Redis redis, ServiceCalls calls, QueuePasses passes, long tickMillis,
                  long forgetAfterMillis, UserBuckets buckets, QueueStreams streams) {
    this.vertx = vertx;
    this.reader = new LineReader(vertx, redis);
    this.calls = calls;
    this.passes = passes;
    this.maxAgeMillis = 2 * tickMillis;
    this.minGapMillis = tickMillis / 2; // several tickers may each announce the same tick
    this.forgetAfterMillis = forgetAfterMillis;
    this.buckets = buckets;
    this.streams = streams;
    this.lines = new SharedLines(vertx, UUID.randomUUID().toString());
  }

  public Future<Void> start() {
    consumers.add(vertx.eventBus().consumer(QueueAddresses.TICKED, this::onTick));
    consumers.add(vertx.eventBus().consumer(QueueAddresses.LEFT,
      m -> forget(m.body().getString("showId"), m.body().getLong("userId"))));
    consumers.add(vertx.eventBus().localConsumer(LINE_READ, m -> onLine(m.body().getString("showId"))));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  public Future<Void> stop() {
    lines.stopReading();
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  /** {@code GET /api/v1/queue/:showId}: answers from the view when it can, else hands the poll on. */
  @Override
  public void handle(RoutingContext ctx) {
    String showId = ctx.pathParam("showId");
    long userId = Principal.of(ctx).userId();
    LineView line = lines.line(showId);
    if (line == null) {
      // Not read here (yet): the queue service answers, and its answer marks the show for reading (polled()). So
      // state is only ever kept for shows that exist, whatever show ids clients send.
      ctx.next();
      return;
    }
    long now = System.currentTimeMillis();
    ShowView show = showView(showId, now);
    JsonObject status = show.answerFor(line, userId, now, maxAgeMillis);
    if (status == null) {
      ctx.next();
      return;
    }
    if (!buckets.admit(ctx, userId)) {
      return;
    }
    // Whoever has a place keeps it by polling, also while the line stands still (SOLD_OUT, CLOSED).
    if (!QueueStatus.ADMITTED.equals(status.getString("status")) && status.getValue("position") != null) {
      show.beat(userId, now, line.idleTimeoutSeconds());
    }
    passes.withPass(status, showId, userId).onComplete(answer -> {
      if (answer.succeeded()) {
        ctx.response().putHeader("Content-Type", "application/json").end(answer.result().toBuffer());
      } else {
        ctx.fail(answer.cause());
      }
    });
  }

  /**
   * The user's status from this instance's line of the show whatever its age, for a poll the queue service could not
   * answer (down, or its breaker open): marked {@code stale: true} when the line is more than two ticks old (no tick
   * came to refresh it). {@code null} when there is no line here, the user is not in it, or left since.
   */
  public JsonObject lastKnown(String showId, long userId) {
    LineView line = lines.line(showId);
    ShowView show = shows.get(showId);
    if (line == null || (show != null && show.goneAt.containsKey(userId))) {
      return null;
    }
    long now = System.currentTimeMillis();
    JsonObject status = line.statusOf(userId);
    if (status != null && now - line.takenAt() > maxAgeMillis) {
      status.put("stale", true);
    }
    return status;
  }

  /** The queue service answered a poll of the show: it exists and is polled here, so read its line at its ticks. */
  public void polled(String showId) {
    showView(showId, System.currentTimeMillis());
  }

  /** A place given up (left, or its slot released): never answered from a line that still shows it. */
  public void forget(String showId, Long userId) {
    if (userId == null || (lines.line(showId) == null && !lines.polledHere(showId))) {
      return; // no line here, and none being read, that could still show the place
    }
    long now = System.currentTimeMillis();
    // Also on an instance that has not answered this show yet: it may answer from the shared line next.
    ShowView show = shows.computeIfAbsent(showId, s -> new ShowView());
    show.notedAt = Math.max(show.notedAt, now - 1000); // kept at least until a newer line settles the departure
    show.goneAt.put(userId, now);
  }

  /** The show's state on this instance; notes (at most once a second) that the show is polled here. */
  private ShowView showView(String showId, long now) {
    ShowView show = shows.computeIfAbsent(showId, s -> new ShowView());
    if (now - show.notedAt >= 1000) {
      show.notedAt = now;
      lines.noteInterest(showId, now);
    }
    return show;
  }

  private void onTick(Message<JsonObject> tick) {
    String showId = tick.body().getString("showId");
    long now = System.currentTimeMillis();
    if (now - prunedAt >= 1000) {
      prunedAt = now;
      buckets.prune(now);
    }
    if (streams.watches(showId)) {
      showView(showId, now);
    }
    ShowView show = shows.get(showId);
    if (show != null) {
      if (now - show.notedAt > forgetAfterMillis) {
        shows.remove(showId); // nobody polls or streams this show here any more; its pending heartbeats are moot
      } else if (now - show.beatsSentAt >= minGapMillis) {
        show.beatsSentAt = now;
        heartbeats(showId, show);
      }
    }
    if (lines.reads() && lines.interesting(showId, now, forgetAfterMillis)) {
      read(showId, now);
    }
  }

  private void heartbeats(String showId, ShowView show) {
    if (show.beats.isEmpty()) {
      return;
    }
    List<Long> beats = new ArrayList<>(show.beats);
    show.beats.clear();
    for (JsonObject batch : QueueBatches.of(showId, beats)) {
      calls.request(QueueAddresses.HEARTBEAT, batch)
        .onFailure(e -> LOG.debug("Heartbeats of show {} not written: {}", showId, e.toString()));
    }
  }

  /**
   * On the reader instance: brings the show's shared line up to date by its changes (a new one starts from the line
   * itself) and tells every instance here.
   */
  private void read(String showId, long requestedAt) {
    Long last = reading.get(showId);
    if (last != null && (last < 0 || requestedAt - last < minGapMillis)) {
      return; // still reading (negative), or read for this tick already
    }
    reading.put(showId, -1L);
    LineView shared = lines.line(showId);
    LineView line = shared != null ? shared : new LineView();
    reader.refresh(showId, line, requestedAt).onComplete(read -> {
      reading.put(showId, requestedAt);
      if (read.failed()) {
        LOG.debug("Queue line of show {} not read: {}", showId, read.cause().toString());
        return;
      }
      if (!read.result()) {
        lines.put(showId, null); // the show's queue is gone
        return;
      }
      if (shared == null) {
        lines.put(showId, line);
      }
      vertx.eventBus().publish(LINE_READ, new JsonObject().put("showId", showId));
    });
  }

  /** A fresh line of the show is shared: departures it holds are settled, and the streams here get their places. */
  private void onLine(String showId) {
    LineView line = lines.line(showId);
    ShowView show = shows.get(showId);
    if (line == null) {
      return;
    }
    if (show != null) {
      // Departures announced before the read began are in it.
      show.goneAt.values().removeIf(at -> at < line.takenAt());
    }
    streams.onLine(showId, line);
  }

  /** The state of one show on this instance. */
  private static final class ShowView {
    private static final int ROUNDS_PER_IDLE_TIMEOUT = 8;

    long notedAt;
    long beatsSentAt;
    final Map<Long, Long> goneAt = new HashMap<>();
    final Set<Long> beats = new HashSet<>();
    /** Users whose heartbeat went out (or is due) in the current round, and when that round began. */
    final Set<Long> beatenThisRound = new HashSet<>();
    long roundStartedAt;

    /**
     * Queues the user's heartbeat unless one was queued this round. A round is an eighth of the idle timeout, so two
     * heartbeats of a polling user are at most a quarter of it apart, as an open stream's are: each of the queue's
     * heartbeat generations (half the idle timeout) sees two. A user polling every few seconds costs Redis one entry
     * in a batch per round, not one per poll.
     */
    void beat(long userId, long now, long idleTimeoutSeconds) {
      if (now - roundStartedAt >= idleTimeoutSeconds * 1000 / ROUNDS_PER_IDLE_TIMEOUT) {
        roundStartedAt = now;
        beatenThisRound.clear();
      }
      if (beatenThisRound.add(userId)) {
        beats.add(userId);
      }
    }

    /** The user's status from a fresh line, or {@code null} when the queue service must answer. */
    JsonObject answerFor(LineView line, long userId, long now, long maxAgeMillis) {
      if (line == null || now - line.takenAt() > maxAgeMillis || goneAt.containsKey(userId)) {
        return null;
      }
      return line.statusOf(userId);
    }
  }
}
