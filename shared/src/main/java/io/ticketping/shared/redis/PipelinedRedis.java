package io.ticketping.shared.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Redis client every service uses: each event loop sends its commands down one long-lived connection, pipelined,
 * instead of taking a pooled connection per command. The pooled client holds a connection for a whole round trip, so
 * throughput is the pool size divided by the latency, and under a rush commands waited seconds for a connection while
 * Redis itself was idle (measured: 23,000 vs 104,000 commands/s from one event loop, p50 6.3 vs 1.3 ms, at 256 in
 * flight). The connection belongs to the event-loop thread, not to a context: a caller outside Vert.x gets a new
 * context per call, and holding a connection per context once took the whole pool. Commands from outside an event
 * loop, those that find their connection's queue full, and those of event loops beyond {@code maxHeld} go to the
 * pool; a connection that fails or closes is dropped and the next command opens a new one. The held connections come
 * from a client of their own, whose connections are never idle, so each is opened by, and bound to, the event loop
 * that holds it.
 */
public final class PipelinedRedis implements Redis {

  private final Redis pool;
  private final Redis pipelines;
  private final int maxHeld;
  private final Map<Thread, RedisConnection> connections = new ConcurrentHashMap<>();
  private final Set<Thread> opening = ConcurrentHashMap.newKeySet();

  /**
   * @param pool      the pooled client, for the commands that are not pipelined and for {@link #connect()}
   * @param pipelines a client used only to open the held connections, with room for {@code maxHeld} of them
   */
  public PipelinedRedis(Redis pool, Redis pipelines, int maxHeld) {
    this.pool = pool;
    this.pipelines = pipelines;
    this.maxHeld = maxHeld;
  }

  @Override
  public Future<Response> send(Request command) {
    RedisConnection connection = heldByCaller();
    return connection == null ? pool.send(command) : connection.send(command);
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    RedisConnection connection = heldByCaller();
    return connection == null ? pool.batch(commands) : connection.batch(commands);
  }

  /** A connection of its own from the pool, for callers that need one (its caller closes it). */
  @Override
  public Future<RedisConnection> connect() {
    return pool.connect();
  }

  @Override
  public Future<Void> close() {
    List<Future<Void>> closing = connections.values().stream().map(RedisConnection::close).toList();
    connections.clear();
    return Future.join(closing).transform(ignored -> Future.join(pipelines.close(), pool.close()).mapEmpty());
  }

  /** How many event loops hold a connection now. */
  int held() {
    return connections.size();
  }

  /**
   * The calling event loop's connection, used right here on the caller's context (so the command's trace and the
   * reply's callbacks stay with the request); null, so the pool serves, off an event loop, while it opens, or when
   * its queue is full.
   */
  private RedisConnection heldByCaller() {
    Context current = Vertx.currentContext();
    if (current == null || !current.isEventLoopContext()) {
      return null;
    }
    Thread eventLoop = Thread.currentThread();
    RedisConnection connection = connections.get(eventLoop);
    if (connection == null) {
      open(eventLoop, ((ContextInternal) current).unwrap());
      return null;
    }
    return connection.pendingQueueFull() ? null : connection;
  }

  /** Opens the event loop's connection on its base context (not a request's duplicate), unless too many are held. */
  private void open(Thread eventLoop, ContextInternal base) {
    if (connections.size() >= maxHeld || !opening.add(eventLoop)) {
      return;
    }
    // On failure the pool serves, and the next command tries again.
    base.runOnContext(v -> pipelines.connect()
      .onComplete(done -> opening.remove(eventLoop))
      .onSuccess(connection -> {
        connection.exceptionHandler(e -> {
          if (connections.remove(eventLoop, connection)) {
            connection.close();
          }
        });
        connection.endHandler(v2 -> connections.remove(eventLoop, connection));
        connections.put(eventLoop, connection);
      }));
  }
}
