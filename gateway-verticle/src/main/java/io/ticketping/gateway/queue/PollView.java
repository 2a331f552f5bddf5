package io.ticketping.gateway.queue;

import io.ticketping.gateway.web.Principal;
import io.ticketping.gateway.web.ServiceCalls;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This gateway instance's view of the places of the users who poll it, so that a status poll costs no Redis call and
 * no event-bus hop (DESIGN §8). A place only moves at an admission tick (or when someone ahead leaves), so after each
 * tick of a show the view looks up the places of its recent pollers in batches of {@value #CHUNK} (the look-up SSE
 * fan-out uses) and writes their gathered heartbeats in one call. A poll is answered from the view while its entry
 * is fresh (refreshed within two ticks); otherwise it goes on to the queue service, whose answer enters the view.
 * Leaving and a released slot reach every gateway at once ({@link QueueAddresses#LEFT}), so a gone place is never
 * answered from a view.
 *
 * <p>Polls answered here are rate-limited by a token bucket of this instance (the same size and refill as the
 * per-user Redis bucket): they cost no shared resource, so a shared bucket would cost more than what it protects.
 * Everything runs on the event loop of the verticle instance that created it, so it needs no locks.
 */
public final class PollView implements Handler<RoutingContext> {

  static final int CHUNK = 1000;
  private static final Buffer NOT_YET = Buffer.buffer();

  private final Vertx vertx;
  private final ServiceCalls calls;
  private final QueuePasses passes;
  private final long maxAgeMillis;
  private final long forgetAfterMillis;
  private final int bucketCapacity;
  private final double refillPerMilli;
  private final Map<String, Map<Long, Place>> byShow = new HashMap<>();
  /** Shows whose refresh is still running; a tick arriving meanwhile is skipped, the next one catches up. */
  private final Set<String> busy = new HashSet<>();
  /** When each show was last refreshed: several tickers may each announce the same tick. */
  private final Map<String, Long> refreshedAt = new HashMap<>();
  private final long minRefreshGapMillis;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  /**
   * @param tickMillis          the admission tick interval: entries older than two ticks are not answered from
   * @param forgetAfterMillis   a user who has not polled for this long is no longer looked up at ticks
   * @param bucketCapacity      per-user burst of polls answered from the view
   * @param refillPerSecond     per-user sustained poll rate answered from the view
   */
  public PollView(Vertx vertx, ServiceCalls calls, QueuePasses passes, long tickMillis, long forgetAfterMillis,
                  int bucketCapacity, double refillPerSecond) {
    this.vertx = vertx;
    this.calls = calls;
    this.passes = passes;
    this.maxAgeMillis = 2 * tickMillis;
    this.minRefreshGapMillis = tickMillis / 2;
    this.forgetAfterMillis = forgetAfterMillis;
    this.bucketCapacity = bucketCapacity;
    this.refillPerMilli = refillPerSecond / 1000;
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

  /** Number of places held, over all shows. */
  public int size() {
    return byShow.values().stream().mapToInt(Map::size).sum();
  }

  /** {@code GET /api/v1/queue/:showId}: answers from the view when it can, else hands the poll on. */
  @Override
  public void handle(RoutingContext ctx) {
    String showId = ctx.pathParam("showId");
    long userId = Principal.of(ctx).userId();
    Place place = byShow.getOrDefault(showId, Map.of()).get(userId);
    long now = System.currentTimeMillis();
    if (place == null || !place.answerable(now, maxAgeMillis)) {
      ctx.next();
      return;
    }
    long waitMillis = place.take(now, bucketCapacity, refillPerMilli);
    if (waitMillis > 0) {
      long retryAfterSeconds = Math.max(1, (waitMillis + 999) / 1000);
      ctx.fail(new ProblemException(
        Problem.tooManyRequests("Too many requests; retry in " + retryAfterSeconds + " s."), retryAfterSeconds));
      return;
    }
    place.polledAt = now;
    place.beat = true;
    if (place.body != NOT_YET) {
      answer(ctx, place.body);
      return;
    }
    passes.withPass(place.status.copy(), showId, userId).onComplete(status -> {
      if (status.failed()) {
        ctx.fail(status.cause());
        return;
      }
      Buffer body = status.result().toBuffer();
      if (!"ADMITTED".equals(place.status.getString("status"))) {
        place.body = body; // a waiting answer is the same for every poll until the next refresh
      }
      answer(ctx, body);
    });
  }

  /** Records an answer of the queue service (a poll or an entry), so the user's next polls are answered here. */
  public void remember(String showId, long userId, JsonObject status) {
    long now = System.currentTimeMillis();
    Place place = byShow.computeIfAbsent(showId, s -> new HashMap<>()).computeIfAbsent(userId, u -> new Place());
    place.update(status.copy(), now);
    place.polledAt = now;
    place.beat = false; // the queue service's own answer was a heartbeat
  }

  /** Drops a place that is gone (the user left or the slot was released), so it is never answered from here. */
  public void forget(String showId, Long userId) {
    Map<Long, Place> users = byShow.get(showId);
    if (users != null && userId != null && users.remove(userId) != null && users.isEmpty()) {
      byShow.remove(showId);
    }
  }

  private void onTick(Message<JsonObject> tick) {
    String showId = tick.body().getString("showId");
    Map<Long, Place> users = byShow.get(showId);
    long now = System.currentTimeMillis();
    if (users == null || now - refreshedAt.getOrDefault(showId, 0L) < minRefreshGapMillis || !busy.add(showId)) {
      return;
    }
    refreshedAt.put(showId, now);
    List<Long> looked = new ArrayList<>(users.size());
    List<Long> beats = new ArrayList<>();
    for (Iterator<Map.Entry<Long, Place>> it = users.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Place> entry = it.next();
      Place place = entry.getValue();
      if (now - place.polledAt > forgetAfterMillis) {
        it.remove(); // stopped polling: the next poll, if any, goes to the queue service
        continue;
      }
      looked.add(entry.getKey());
      if (place.beat) {
        beats.add(entry.getKey());
        place.beat = false;
      }
    }
    List<Future<Void>> chunks = new ArrayList<>();
    for (int from = 0; from < Math.max(looked.size(), beats.size()); from += CHUNK) {
      chunks.add(refresh(showId, slice(looked, from), slice(beats, from)));
    }
    Future.join(chunks).onComplete(done -> {
      busy.remove(showId);
      if (byShow.getOrDefault(showId, Map.of()).isEmpty()) {
        byShow.remove(showId);
        refreshedAt.remove(showId);
      }
    });
  }

  private Future<Void> refresh(String showId, List<Long> userIds, List<Long> beats) {
    // The heartbeats and the look-up go out together; neither waits for the other.
    Future<Void> heartbeat = beats.isEmpty() ? Future.succeededFuture()
      : calls.request(QueueAddresses.HEARTBEAT, batch(showId, beats)).mapEmpty();
    if (userIds.isEmpty()) {
      return heartbeat;
    }
    long askedAt = System.currentTimeMillis();
    Future<Void> looked = calls.request(QueueAddresses.POSITIONS, batch(showId, userIds)).map(reply -> {
      String state = reply.getString("state");
      JsonObject places = reply.getJsonObject("users", new JsonObject());
      Map<Long, Place> users = byShow.getOrDefault(showId, Map.of());
      for (Long userId : userIds) {
        JsonObject status = places.getJsonObject(Long.toString(userId));
        Place place = users.get(userId);
        if (place == null || status == null) {
          continue;
        }
        if ("NONE".equals(status.getString("status"))) {
          forget(showId, userId); // swept or left: the queue service answers the next poll (404)
        } else {
          place.update(status.put("state", state), askedAt);
        }
      }
      return null;
    });
    return Future.join(heartbeat, looked).mapEmpty();
  }

  private static List<Long> slice(List<Long> ids, int from) {
    return from >= ids.size() ? List.of() : ids.subList(from, Math.min(ids.size(), from + CHUNK));
  }

  private static JsonObject batch(String showId, List<Long> userIds) {
    return new JsonObject().put("showId", showId).put("userIds", new JsonArray(new ArrayList<>(userIds)));
  }

  private static void answer(RoutingContext ctx, Buffer body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body);
  }

  /** One user's last known place at one show, with its poll bucket. */
  private static final class Place {
    JsonObject status;
    Buffer body = NOT_YET;
    long refreshedAt;
    long polledAt;
    boolean beat;
    double tokens = -1;
    long tokensAt;

    void update(JsonObject status, long at) {
      this.status = status;
      this.body = NOT_YET;
      this.refreshedAt = at;
    }

    /** Fresh, and not a pass that has run out (its slot may be gone: the queue service must say). */
    boolean answerable(long now, long maxAgeMillis) {
      if (now - refreshedAt > maxAgeMillis) {
        return false;
      }
      Long passExpiresAt = status.getLong("passExpiresAt");
      return passExpiresAt == null || passExpiresAt > now;
    }

    /** Takes one token; answers 0, or the milliseconds until one is available. */
    long take(long now, int capacity, double refillPerMilli) {
      tokens = tokens < 0 ? capacity : Math.min(capacity, tokens + (now - tokensAt) * refillPerMilli);
      tokensAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / refillPerMilli);
    }
  }
}
