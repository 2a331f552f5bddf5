package io.ticketping.gateway.queue.stream;

import io.ticketping.gateway.queue.batch.QueueBatches;
import io.ticketping.gateway.queue.pass.QueuePasses;
import io.ticketping.gateway.queue.view.LineWatchers;
import io.ticketping.gateway.queue.view.PolledShows;
import io.ticketping.gateway.web.Principal;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.observability.DomainMeters;
import io.ticketping.shared.observability.MetricNames;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.ticketping.shared.queue.LineView;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.queue.QueueStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The queue-position streams (SSE) open on this gateway instance, and their fan-out. After each tick of a show with
 * streams here, the show's line is brought up to date once and handed over ({@link LineWatchers}): each stream's place
 * comes from it (never one Redis call per stream), and only streams whose place changed are written to: a place
 * further back that only moved goes out at the pace of {@link PositionPace}, and at most
 * {@code http.maxPacedEventsPerTick} such places a tick per instance; the rest wait for a later tick, so a tick that
 * moves every place at once (the line starting to move) is spread over a few ticks instead of writing to every stream
 * at once and delaying the places that must go out now (admissions, the head, changes of kind). Users not in
 * the line (pre-queued, gone, or not known there yet) are looked up in chunks of {@code queue.maxBatchUsers}, and
 * every streaming user's place is kept alive (an open stream is a heartbeat) in chunks too, four times per idle
 * timeout: the queue keeps heartbeats in generations of half the idle timeout, so each generation still sees two,
 * and 100,000 streams cost no 100,000 heartbeats every tick.
 *
 * <p>Streams are capped per user and per JVM ({@link StreamSlots}), and a stream's slot and close handler are in place
 * before its first asynchronous step, so a client that leaves at any moment leaves nothing that keeps its place.
 *
 * <p>Everything here runs on the event loop of the verticle instance that created it, so it needs no locks.
 */
public final class QueueStreams implements LineWatchers {

  /** The longest wait between two writes on a stream: proxies commonly cut a connection silent for a minute. */
  private static final long KEEP_ALIVE_MS = 15_000;
  private static final int BEATS_PER_IDLE_TIMEOUT = 4;
  /** When to try again after this JVM's streams are all taken (a client polls meanwhile). */
  private static final long RETRY_AFTER_SECONDS = 30;

  private final Vertx vertx;
  private final ServiceCalls calls;
  private final QueuePasses passes;
  private final QueueBatches batches;
  private final PolledShows shows;
  private final DomainMeters meters;
  private final StreamSlots slots;
  private final int pacedPerTick;
  private final int maxPerUser;
  private final long keepAliveMillis;
  /** A show's streams by user; a user has a handful at most, in a list (no iterator to allocate at every tick). */
  private final Map<String, Map<Long, List<QueueStream>>> byShow = new HashMap<>();
  /** Shows whose fan-out is still running; a tick arriving meanwhile is skipped, the next one catches up. */
  private final Set<String> busy = new HashSet<>();
  /** When each show's streaming users were last kept alive. */
  private final Map<String, Long> beatenAt = new HashMap<>();
  private long keepAliveTimer = -1;

  /**
   * {@code http}: the gateway's {@code http} settings: {@code maxStreamsPerUser} and {@code maxStreams} (this JVM's
   * caps), {@code maxPacedEventsPerTick}, and {@code idleTimeoutSeconds}, which the keep-alive comments stay well inside so that no open stream is
   * ever idle long enough to be cut.
   */
  public QueueStreams(Vertx vertx, ServiceCalls calls, QueuePasses passes, QueueBatches batches, PolledShows shows,
                      JsonObject http) {
    this.vertx = vertx;
    this.calls = calls;
    this.passes = passes;
    this.batches = batches;
    this.shows = shows;
    this.meters = DomainMeters.of(vertx);
    this.maxPerUser = http.getInteger("maxStreamsPerUser");
    this.slots = StreamSlots.of(vertx, maxPerUser, http.getInteger("maxStreams"));
    this.keepAliveMillis = keepAliveMillis(http.getInteger("idleTimeoutSeconds"));
    this.pacedPerTick = http.getInteger("maxPacedEventsPerTick");
  }

  /** Every 15 s, or twice per idle timeout when that is shorter (0: no idle timeout). */
  static long keepAliveMillis(int idleTimeoutSeconds) {
    return idleTimeoutSeconds <= 0 ? KEEP_ALIVE_MS : Math.min(KEEP_ALIVE_MS, idleTimeoutSeconds * 1000L / 2);
  }

  public Future<Void> start() {
    // Checked often, written only to streams silent for nearly the whole interval: comments go out spread over time
    // and only where no event went, instead of to every stream at one instant.
    long check = Math.max(1, Math.min(1000, keepAliveMillis / 2));
    keepAliveTimer = vertx.setPeriodic(check, id -> {
      long now = System.currentTimeMillis();
      byShow.values().forEach(users -> users.values().forEach(streams -> streams.forEach(
        stream -> stream.keepAlive(now, keepAliveMillis - check))));
    });
    return Future.succeededFuture();
  }

  public Future<Void> stop() {
    vertx.cancelTimer(keepAliveTimer);
    forEachStream(stream -> {
      stream.end();
      close(stream);
    });
    return Future.succeededFuture();
  }

  /** Whether streams of the show are open here, so its line must be read at its ticks. */
  @Override
  public boolean watches(String showId) {
    return byShow.containsKey(showId);
  }

  /** Number of open streams on this instance (registered: past the first call). */
  public int size() {
    return byShow.values().stream().mapToInt(users -> users.values().stream().mapToInt(List::size).sum()).sum();
  }

  /**
   * {@code GET /api/v1/queue/:showId/stream}: the caller must be in line (404 otherwise, before any event). Beyond
   * the caller's cap of open streams 429, beyond this JVM's 503 with {@code Retry-After}. The slot is taken and the
   * close handler set before the first asynchronous step, so a client gone at any moment leaves nothing behind: no
   * stream that would keep its place alive, no slot.
   */
  public void open(RoutingContext ctx) {
    String showId = ctx.pathParam("showId");
    long userId = Principal.of(ctx).userId();
    switch (slots.take(userId)) {
      case USER_FULL -> {
        ctx.fail(new ProblemException(Problem.tooManyRequests("You have " + maxPerUser
          + " queue streams open already; close one, or poll instead."), 0));
        return;
      }
      case JVM_FULL -> {
        ctx.fail(new ProblemException(Problem.unavailable(
          "This server has as many queue streams open as it can hold; poll meanwhile."), RETRY_AFTER_SECONDS));
        return;
      }
      case TAKEN -> { }
    }
    HttpServerResponse response = ctx.response();
    QueueStream stream = new QueueStream(userId, showId, response, firstEventId(ctx));
    response.closeHandler(v -> close(stream));
    if (response.closed()) {
      // Gone while the checks before this handler ran: the close handler came too late to hear it.
      close(stream);
      return;
    }
    firstPlace(showId, userId)
      .onFailure(e -> {
        if (!stream.ended()) {
          close(stream);
          ctx.fail(e);
        }
      })
      .onSuccess(status -> begin(stream, response, status));
  }

  /**
   * The stream's first place: from this gateway's line of the show when it is fresh and knows the user (an opening
   * rush of streams costs the queue service nothing then), else from the queue service.
   */
  private Future<JsonObject> firstPlace(String showId, long userId) {
    LineView line = shows.freshLine(showId, userId, System.currentTimeMillis());
    JsonObject status = line == null ? null : line.statusOf(userId);
    return status != null ? Future.succeededFuture(status)
      : calls.request(QueueAddresses.STATUS, new JsonObject().put("showId", showId).put("userId", userId));
  }

  /** The caller is in line: the stream begins, joins the fan-out and gets its first place (a pass if admitted). */
  private void begin(QueueStream stream, HttpServerResponse response, JsonObject status) {
    if (stream.ended()) {
      return;
    }
    response
      .putHeader("Content-Type", "text/event-stream; charset=utf-8")
      .putHeader("Cache-Control", "no-cache, no-transform")
      .putHeader("X-Accel-Buffering", "no")
      .setChunked(true);
    response.write("retry: 3000\n\n");
    register(stream);
    passes.withPass(status, stream.showId, stream.userId)
      .onSuccess(withPass -> push(stream, withPass))
      .onFailure(e -> {
        stream.end();
        close(stream);
      });
  }

  /** A fresh read of the show's line: pushes every changed place, looks up those not in it, keeps all alive. */
  @Override
  public void onLine(String showId, LineView line) {
    Map<Long, List<QueueStream>> users = byShow.get(showId);
    if (users == null || users.isEmpty() || !busy.add(showId)) {
      return;
    }
    long now = System.currentTimeMillis();
    List<Long> ids = new ArrayList<>(users.keySet());
    List<Long> notInLine = new ArrayList<>();
    int budget = pacedPerTick;
    // From a random place each tick, so that the places a spent budget leaves for the next tick are not always the same.
    int start = ThreadLocalRandom.current().nextInt(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      Long userId = ids.get((start + i) % ids.size());
      QueueStatus place = line.placeOf(userId);
      if (place == null) {
        notInLine.add(userId);
        continue;
      }
      List<QueueStream> streams = users.get(userId);
      if (!anyWants(streams, place, now)) {
        continue;
      }
      if (anyUrgent(streams, place)) {
        pushAll(showId, userId, place.toJson());
      } else if (budget > 0) {
        budget--;
        pushAll(showId, userId, place.toJson());
      }
    }
    List<Future<Void>> calls = new ArrayList<>();
    if (now - beatenAt.getOrDefault(showId, 0L) >= line.idleTimeoutSeconds() * 1000 / BEATS_PER_IDLE_TIMEOUT) {
      beatenAt.put(showId, now);
      for (JsonObject batch : batches.bodies(showId, ids)) {
        calls.add(this.calls.request(QueueAddresses.HEARTBEAT, batch).mapEmpty());
      }
    }
    for (JsonObject batch : batches.bodies(showId, notInLine)) {
      calls.add(lookUp(showId, batch));
    }
    Future.join(calls).onComplete(done -> busy.remove(showId));
  }

  private static boolean anyUrgent(List<QueueStream> streams, QueueStatus place) {
    for (int i = 0; i < streams.size(); i++) {
      if (streams.get(i).urgent(place)) {
        return true;
      }
    }
    return false;
  }

  /** Most places further back have nothing due at a tick: their events are not even built. */
  private static boolean anyWants(List<QueueStream> streams, QueueStatus place, long now) {
    for (int i = 0; i < streams.size(); i++) {
      if (streams.get(i).wants(place, now)) {
        return true;
      }
    }
    return false;
  }

  private Future<Void> lookUp(String showId, JsonObject request) {
    return calls.request(QueueAddresses.POSITIONS, request).map(reply -> {
      JsonObject places = reply.getJsonObject("users", new JsonObject());
      places.forEach(entry -> pushAll(showId, Long.parseLong(entry.getKey()), (JsonObject) entry.getValue()));
      return null;
    });
  }

  /** Positions go out at once; an admission waits for its pass, signed off the event loop. */
  private void pushAll(String showId, long userId, JsonObject status) {
    if (streamsOf(showId, userId).isEmpty()) {
      return;
    }
    passes.withPass(status, showId, userId)
      .onSuccess(withPass -> List.copyOf(streamsOf(showId, userId)).forEach(stream -> push(stream, withPass)));
  }

  /** Streams only read the status they push, so every stream of a user shares one object. */
  private void push(QueueStream stream, JsonObject status) {
    stream.push(status);
    if (stream.ended()) {
      close(stream);
    }
  }

  /** A stream is over (ended here, or its client went away): out of the fan-out, its slot given back, once. */
  private void close(QueueStream stream) {
    unregister(stream);
    if (stream.releaseSlot()) {
      slots.release(stream.userId);
    }
  }

  /** Only a stream still open joins the fan-out (and the gauge). */
  private void register(QueueStream stream) {
    if (stream.ended()) {
      return;
    }
    List<QueueStream> streams = byShow.computeIfAbsent(stream.showId, s -> new HashMap<>())
      .computeIfAbsent(stream.userId, u -> new ArrayList<>(1));
    if (!streams.contains(stream)) {
      streams.add(stream);
      openStreams(stream.showId).add(1);
    }
  }

  private void unregister(QueueStream stream) {
    stream.markClosed();
    Map<Long, List<QueueStream>> users = byShow.get(stream.showId);
    if (users == null) {
      return;
    }
    List<QueueStream> streams = users.get(stream.userId);
    if (streams != null && streams.remove(stream)) {
      openStreams(stream.showId).add(-1);
      if (streams.isEmpty()) {
        users.remove(stream.userId);
        if (users.isEmpty()) {
          byShow.remove(stream.showId);
          beatenAt.remove(stream.showId);
        }
      }
    }
  }

  /** The show's open-stream gauge, shared by every gateway instance of this Vert.x (each adds its own streams). */
  private DomainMeters.Level openStreams(String showId) {
    return meters.gauge(MetricNames.QUEUE_STREAMS_OPEN, "Queue-position streams (SSE) open", MetricNames.SHOW, showId);
  }

  private List<QueueStream> streamsOf(String showId, long userId) {
    return byShow.getOrDefault(showId, Map.of()).getOrDefault(userId, List.of());
  }

  /** Runs {@code action} on every stream; it may close them (the streams are listed first). */
  private void forEachStream(java.util.function.Consumer<QueueStream> action) {
    List<QueueStream> all = new ArrayList<>();
    byShow.values().forEach(users -> users.values().forEach(all::addAll));
    all.forEach(action);
  }

  /**
   * Continues the numbering of a resumed stream, so ids never repeat for the client: {@code Last-Event-ID} (the
   * browser's own reconnect sends it), else {@code lastEventId} in the query (a page that opens a new stream cannot
   * set headers on it).
   */
  private static long firstEventId(RoutingContext ctx) {
    String last = ctx.request().getHeader("Last-Event-ID");
    if (last == null) {
      last = ctx.request().getParam("lastEventId");
    }
    try {
      return last == null ? 1 : Math.max(1, Long.parseLong(last.trim()) + 1);
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
