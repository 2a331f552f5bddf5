package io.ticketping.gateway.queue;

import io.ticketping.gateway.web.Principal;
import io.ticketping.gateway.web.ServiceCalls;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.queue.QueueStatus;
import io.ticketping.shared.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
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

/**
 * This gateway instance's view of the lines of the shows polled here, so that a status poll costs no Redis call and
 * no event-bus hop (DESIGN §8). Places move only at an admission tick (or when someone leaves), so after each tick of
 * a show polled here the view reads the show's whole line in one script call ({@code lua/queue_view.lua}) and writes
 * the heartbeats of the polls it answered since the last tick in batched calls. A poll is answered from it while
 * it is at most two ticks old; the user's first polls, pre-queued users, users gone since (their leave or released
 * slot is announced on {@link QueueAddresses#LEFT}) and anything else go on to the queue service as before. So
 * Redis work grows with ticks × gateways, not with polls. Each read also feeds the position streams
 * ({@link QueueStreams}) of the show on this instance.
 *
 * <p>Polls answered here are rate-limited by token buckets of this instance (the size and refill of the per-user
 * Redis bucket): they cost no shared resource, so a shared bucket would cost more than it protects.
 * Everything runs on the event loop of the verticle instance that created it, so it needs no locks.
 */
public final class PollView implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(PollView.class);
  private static final LuaScript VIEW = LuaScript.fromResource(PollView.class, "lua/queue_view.lua");
  static final int HEARTBEAT_CHUNK = 1000;

  private final Vertx vertx;
  private final Redis redis;
  private final ServiceCalls calls;
  private final QueuePasses passes;
  private final long maxAgeMillis;
  private final long minGapMillis;
  private final long forgetAfterMillis;
  private final PollBuckets buckets;
  private final QueueStreams streams;
  private final Map<String, ShowView> shows = new HashMap<>();
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  /**
   * @param tickMillis        the admission tick interval: a view older than two ticks is not answered from
   * @param forgetAfterMillis a show not polled here for this long is no longer read at its ticks
   */
  public PollView(Vertx vertx, Redis redis, ServiceCalls calls, QueuePasses passes, long tickMillis,
                  long forgetAfterMillis, PollBuckets buckets, QueueStreams streams) {
    this.vertx = vertx;
    this.redis = redis;
    this.calls = calls;
    this.passes = passes;
    this.maxAgeMillis = 2 * tickMillis;
    this.minGapMillis = tickMillis / 2; // several tickers may each announce the same tick
    this.forgetAfterMillis = forgetAfterMillis;
    this.buckets = buckets;
    this.streams = streams;
  }

  public Future<Void> start() {
    consumers.add(vertx.eventBus().consumer(QueueAddresses.TICKED, this::onTick));
    consumers.add(vertx.eventBus().consumer(QueueAddresses.LEFT,
      m -> forget(m.body().getString("showId"), m.body().getLong("userId"))));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  public Future<Void> stop() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  /** {@code GET /api/v1/queue/:showId}: answers from the view when it can, else hands the poll on. */
  @Override
  public void handle(RoutingContext ctx) {
    String showId = ctx.pathParam("showId");
    long userId = Principal.of(ctx).userId();
    long now = System.currentTimeMillis();
    ShowView show = shows.computeIfAbsent(showId, s -> new ShowView());
    show.polledAt = now;
    JsonObject status = show.answerFor(userId, now, maxAgeMillis);
    if (status == null) {
      ctx.next();
      return;
    }
    long waitMillis = buckets.take(userId, now);
    if (waitMillis > 0) {
      long retryAfterSeconds = Math.max(1, (waitMillis + 999) / 1000);
      ctx.fail(new ProblemException(
        Problem.tooManyRequests("Too many requests; retry in " + retryAfterSeconds + " s."), retryAfterSeconds));
      return;
    }
    if (QueueStatus.WAITING.equals(status.getString("status"))) {
      show.beats.add(userId);
    }
    passes.withPass(status, showId, userId).onComplete(answer -> {
      if (answer.succeeded()) {
        ctx.response().putHeader("Content-Type", "application/json").end(answer.result().toBuffer());
      } else {
        ctx.fail(answer.cause());
      }
    });
  }

  /** A place given up (left, or its slot released): never answered from the view that still shows it. */
  public void forget(String showId, Long userId) {
    ShowView show = shows.get(showId);
    if (show != null && userId != null) {
      show.goneAt.put(userId, System.currentTimeMillis());
    }
  }

  private void onTick(Message<JsonObject> tick) {
    String showId = tick.body().getString("showId");
    boolean streamed = streams.watches(showId);
    ShowView show = streamed ? shows.computeIfAbsent(showId, s -> new ShowView()) : shows.get(showId);
    long now = System.currentTimeMillis();
    if (show == null) {
      return;
    }
    if (!streamed && now - show.polledAt > forgetAfterMillis) {
      shows.remove(showId); // nobody polls or streams this show here any more; its pending heartbeats are moot
      return;
    }
    if (show.busy || now - show.requestedAt < minGapMillis) {
      return;
    }
    show.busy = true;
    show.requestedAt = now;
    buckets.prune(now);
    Future.join(heartbeats(showId, show), read(showId, now, show)).onComplete(done -> show.busy = false);
  }

  private Future<Void> heartbeats(String showId, ShowView show) {
    if (show.beats.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Long> beats = new ArrayList<>(show.beats);
    show.beats.clear();
    List<Future<Void>> sent = new ArrayList<>();
    for (int from = 0; from < beats.size(); from += HEARTBEAT_CHUNK) {
      JsonArray ids = new JsonArray(new ArrayList<>(beats.subList(from, Math.min(beats.size(), from + HEARTBEAT_CHUNK))));
      sent.add(calls.request(QueueAddresses.HEARTBEAT, new JsonObject().put("showId", showId).put("userIds", ids))
        .mapEmpty());
    }
    return Future.join(sent).mapEmpty();
  }

  private Future<Void> read(String showId, long requestedAt, ShowView show) {
    return VIEW.call(redis, 4, QueueKeys.waiting(showId), QueueKeys.working(showId), QueueKeys.meta(showId),
        QueueKeys.pre(showId))
      // Indexing a line of 100,000 users takes tens of milliseconds: on a worker, so polls are not held up.
      .compose(reply -> "NOQUEUE".equals(reply.get(0).toString()) ? Future.<QueueLine>succeededFuture()
        : vertx.executeBlocking(() -> QueueLine.of(reply, requestedAt), false))
      .map(line -> {
        show.line = line;
        // Departures announced before the read began are in it.
        show.goneAt.values().removeIf(at -> at < requestedAt);
        if (show.line != null) {
          streams.onLine(showId, show.line);
        }
        return (Void) null;
      })
      .onFailure(e -> LOG.debug("Queue view of show {} not refreshed: {}", showId, e.toString()));
  }

  /** The view of one show on this instance. */
  private static final class ShowView {
    QueueLine line;
    long requestedAt;
    long polledAt;
    boolean busy;
    final Map<Long, Long> goneAt = new HashMap<>();
    final Set<Long> beats = new HashSet<>();

    /** The user's status from a fresh view, or {@code null} when the queue service must answer. */
    JsonObject answerFor(long userId, long now, long maxAgeMillis) {
      QueueLine line = this.line;
      if (line == null || now - line.takenAt() > maxAgeMillis || goneAt.containsKey(userId)) {
        return null;
      }
      return line.statusOf(userId, now);
    }
  }
}
