package io.ticketping.shared.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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
  private final Map<Thread, Future<RedisConnection>> connections = new ConcurrentHashMap<>();

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
    return through(connection -> connection.send(command), pool -> pool.send(command));
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    return through(connection -> connection.batch(commands), pool -> pool.batch(commands));
  }

  /** A connection of its own from the pool, for callers that need one (its caller closes it). */
  @Override
  public Future<RedisConnection> connect() {
    return pool.connect();
  }

  @Override
  public Future<Void> close() {
    List<Future<Void>> closing = connections.values().stream()
      .map(connection -> connection.compose(RedisConnection::close).otherwiseEmpty())
      .toList();
    connections.clear();
    return Future.join(closing).transform(ignored -> Future.join(pipelines.close(), pool.close()).mapEmpty());
  }

  private <T> Future<T> through(Function<RedisConnection, Future<T>> onConnection, Function<Redis, Future<T>> onPool) {
    Context current = Vertx.currentContext();
    if (current == null || !current.isEventLoopContext()) {
      return onPool.apply(pool);
    }
    return connectionOf(Thread.currentThread(), ((ContextInternal) current).unwrap())
      .compose(connection -> connection == null || connection.pendingQueueFull()
        ? onPool.apply(pool)
        : onConnection.apply(connection));
  }

  /**
   * The connection of the event-loop thread (opened on the caller's base context, not a request's duplicate); null
   * when it cannot open or too many are held.
   */
  private Future<RedisConnection> connectionOf(Thread eventLoop, ContextInternal context) {
    Future<RedisConnection> known = connections.get(eventLoop);
    if (known != null) {
      return known;
    }
    if (connections.size() >= maxHeld) {
      return Future.succeededFuture();
    }
    Promise<RedisConnection> opening = context.promise();
    Future<RedisConnection> raced = connections.putIfAbsent(eventLoop, opening.future());
    if (raced != null) {
      return raced;
    }
    context.runOnContext(v -> pipelines.connect().onComplete(result -> {
      if (result.failed()) {
        connections.remove(eventLoop, opening.future());
        opening.complete(null);
        return;
      }
      RedisConnection connection = result.result();
      connection.exceptionHandler(e -> {
        if (connections.remove(eventLoop, opening.future())) {
          connection.close();
        }
      });
      connection.endHandler(e -> connections.remove(eventLoop, opening.future()));
      opening.complete(connection);
    }));
    return opening.future();
  }
}
