package io.ticketping.gateway.queue;

import io.ticketping.gateway.web.Principal;
import io.ticketping.gateway.web.ServiceCalls;
import io.ticketping.shared.observability.DomainMeters;
import io.ticketping.shared.observability.MetricNames;
import io.ticketping.shared.queue.LineView;
import io.ticketping.shared.queue.QueueAddresses;
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

/**
 * The queue-position streams (SSE) open on this gateway instance, and their fan-out. After each tick of a show with
 * streams here, the {@link PollView} brings the show's line up to date once and hands it over: each stream's place
 * comes from it (never one Redis call per stream), and only streams whose place changed are written to. Users not in
 * the line (pre-queued, gone, or not known there yet) are looked up in chunks of {@value QueueBatches#CHUNK}, and
 * every streaming user's place is kept alive (an open stream is a heartbeat) in chunks too, four times per idle
 * timeout: the queue keeps heartbeats in generations of half the idle timeout, so each generation still sees two,
 * and 100,000 streams cost no 100,000 heartbeats every tick.
 *
 * <p>Everything here runs on the event loop of the verticle instance that created it, so it needs no locks.
 */
public final class QueueStreams {

  private static final long KEEP_ALIVE_MS = 15_000;
  private static final int BEATS_PER_IDLE_TIMEOUT = 4;

  private final Vertx vertx;
  private final ServiceCalls calls;
  private final QueuePasses passes;
  private final DomainMeters meters;
  private final Map<String, Map<Long, Set<QueueStream>>> byShow = new HashMap<>();
  /** Shows whose fan-out is still running; a tick arriving meanwhile is skipped, the next one catches up. */
  private final Set<String> busy = new HashSet<>();
  /** When each show's streaming users were last kept alive. */
  private final Map<String, Long> beatenAt = new HashMap<>();
  private long keepAliveTimer;

  public QueueStreams(Vertx vertx, ServiceCalls calls, QueuePasses passes) {
    this.vertx = vertx;
    this.calls = calls;
    this.passes = passes;
    this.meters = DomainMeters.of(vertx);
  }

  public Future<Void> start() {
    keepAliveTimer = vertx.setPeriodic(KEEP_ALIVE_MS, id -> forEachStream(QueueStream::keepAlive));
    return Future.succeededFuture();
  }

  public Future<Void> stop() {
    vertx.cancelTimer(keepAliveTimer);
    forEachStream(QueueStream::end);
    return Future.succeededFuture();
  }

  /** Whether streams of the show are open here, so its line must be read at its ticks. */
  boolean watches(String showId) {
    return byShow.containsKey(showId);
  }

  /** Number of open streams on this instance. */
  public int size() {
    return byShow.values().stream().mapToInt(users -> users.values().stream().mapToInt(Set::size).sum()).sum();
  }

  /** {@code GET /api/v1/queue/:showId/stream}: the caller must be in line (404 otherwise, before any event). */
  public void open(RoutingContext ctx) {
    String showId = ctx.pathParam("showId");
    long userId = Principal.of(ctx).userId();
    calls.request(QueueAddresses.STATUS, QueueRoutes.userAtShow(ctx)).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
        return;
      }
      HttpServerResponse response = ctx.response()
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache, no-transform")
        .putHeader("X-Accel-Buffering", "no")
        .setChunked(true);
      response.write("retry: 3000\n\n");
      QueueStream stream = new QueueStream(userId, showId, response, firstEventId(ctx));
      register(stream);
      response.closeHandler(v -> unregister(stream));
      passes.withPass(result.result(), showId, userId).onComplete(status -> {
        if (status.succeeded()) {
          push(stream, status.result());
        } else {
          stream.end();
          unregister(stream);
        }
      });
    });
  }

  /** A fresh read of the show's line: pushes every changed place, looks up those not in it, keeps all alive. */
  void onLine(String showId, LineView line) {
    Map<Long, Set<QueueStream>> users = byShow.get(showId);
    if (users == null || users.isEmpty() || !busy.add(showId)) {
      return;
    }
    long now = System.currentTimeMillis();
    List<Long> ids = new ArrayList<>(users.keySet());
    List<Long> notInLine = new ArrayList<>();
    for (Long userId : ids) {
      JsonObject status = line.statusOf(userId, now);
      if (status == null) {
        notInLine.add(userId);
      } else {
        pushAll(showId, userId, status);
      }
    }
    List<Future<Void>> calls = new ArrayList<>();
    if (now - beatenAt.getOrDefault(showId, 0L) >= line.idleTimeoutSeconds() * 1000 / BEATS_PER_IDLE_TIMEOUT) {
      beatenAt.put(showId, now);
      for (JsonObject batch : QueueBatches.of(showId, ids)) {
        calls.add(this.calls.request(QueueAddresses.HEARTBEAT, batch).mapEmpty());
      }
    }
    for (JsonObject batch : QueueBatches.of(showId, notInLine)) {
      calls.add(lookUp(showId, batch));
    }
    Future.join(calls).onComplete(done -> busy.remove(showId));
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
      unregister(stream);
    }
  }

  private void register(QueueStream stream) {
    if (byShow.computeIfAbsent(stream.showId, s -> new HashMap<>())
      .computeIfAbsent(stream.userId, u -> new HashSet<>())
      .add(stream)) {
      openStreams(stream.showId).add(1);
    }
  }

  private void unregister(QueueStream stream) {
    stream.markClosed();
    Map<Long, Set<QueueStream>> users = byShow.get(stream.showId);
    if (users == null) {
      return;
    }
    Set<QueueStream> streams = users.get(stream.userId);
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

  private Set<QueueStream> streamsOf(String showId, long userId) {
    return byShow.getOrDefault(showId, Map.of()).getOrDefault(userId, Set.of());
  }

  private void forEachStream(java.util.function.Consumer<QueueStream> action) {
    byShow.values().forEach(users -> users.values().forEach(streams -> List.copyOf(streams).forEach(action)));
  }

  /** Continues the numbering of a resumed stream ({@code Last-Event-ID}), so ids never repeat for the client. */
  private static long firstEventId(RoutingContext ctx) {
    String last = ctx.request().getHeader("Last-Event-ID");
    try {
      return last == null ? 1 : Math.max(1, Long.parseLong(last.trim()) + 1);
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
