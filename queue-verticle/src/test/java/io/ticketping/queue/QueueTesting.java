package io.ticketping.queue;

import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.redis.RedisClients;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/** What the queue tests share: deployment with test-sized settings, event-bus calls, Redis look-ups, concurrency. */
final class QueueTesting {

  static final String SHOW = "show-1";

  private QueueTesting() {
  }

  /** The test configuration; {@code tickMillis} 0 deploys no ticker (tests then tick on their own). */
  static JsonObject config(long tickMillis) {
    JsonObject config = TestServers.get().config();
    config.getJsonObject("queue").put("ticker", tickMillis > 0).put("tickMillis", Math.max(tickMillis, 1));
    return config;
  }

  /** Two verticle instances (two event loops serve the requests), with a ticker each when {@code tickMillis} > 0. */
  static Future<String> deploy(Vertx vertx, long tickMillis) {
    TestServers.get().kafka(); // the verticle consumes order events
    return vertx.deployVerticle(QueueVerticle.class,
      new DeploymentOptions().setConfig(config(tickMillis)).setInstances(2));
  }

  /** As {@link #config(long)}, pointed at the test Redis Cluster of three masters. */
  static JsonObject clusterConfig(long tickMillis) {
    JsonObject config = TestServers.get().clusterConfig();
    config.getJsonObject("queue").put("ticker", tickMillis > 0).put("tickMillis", Math.max(tickMillis, 1));
    return config;
  }

  /** As {@link #deploy(Vertx, long)}, on the test Redis Cluster. */
  static Future<String> deployOnCluster(Vertx vertx, long tickMillis) {
    TestServers.get().kafka();
    return vertx.deployVerticle(QueueVerticle.class,
      new DeploymentOptions().setConfig(clusterConfig(tickMillis)).setInstances(2));
  }

  /** A client of the test Redis Cluster. */
  static Redis clusterRedis(Vertx vertx) {
    return RedisClients.create(vertx, clusterConfig(0));
  }

  static WaitingRoom clusterRoom(Vertx vertx) {
    return new WaitingRoom(clusterRedis(vertx), 10_000);
  }

  static Redis redis(Vertx vertx) {
    return RedisClients.create(vertx, config(0));
  }

  static WaitingRoom room(Vertx vertx) {
    return new WaitingRoom(redis(vertx), 10_000);
  }

  /** An event-bus request whose reply body is a JSON object. */
  static Future<JsonObject> request(Vertx vertx, String address, Object body) {
    return vertx.eventBus().<JsonObject>request(address, body).map(message -> message.body());
  }

  /** Configures the show's queue with {@code capacity} and the other settings at their defaults; its stats. */
  static Future<JsonObject> openShow(Vertx vertx, String showId, int capacity) {
    return request(vertx, QueueAddresses.CONFIGURE, show(showId).put("capacity", capacity));
  }

  static JsonObject user(String showId, long userId) {
    return new JsonObject().put("showId", showId).put("userId", userId);
  }

  static JsonObject show(String showId) {
    return new JsonObject().put("showId", showId);
  }

  static Future<Long> zcard(Redis redis, String key) {
    return redis.send(Request.cmd(Command.ZCARD).arg(key)).map(Response::toLong);
  }

  /** The ticket number of a waiting user, or {@code null}. */
  static Future<Long> ticket(Redis redis, String showId, long userId) {
    return redis.send(Request.cmd(Command.ZSCORE).arg(QueueKeys.waiting(showId)).arg(userId))
      .map(r -> r == null ? null : r.toLong());
  }

  /** The ids of the users whose heartbeat bit is set in any of the show's heartbeat bitmaps (every generation). */
  static Future<Set<Long>> beaten(Redis redis, String showId) {
    return beatKeys(redis, showId).compose(keys -> {
      List<Future<Response>> bitmaps = keys.stream().map(key -> redis.send(Request.cmd(Command.GET).arg(key))).toList();
      return Future.all(bitmaps).map(all -> {
        Set<Long> users = new TreeSet<>();
        for (int k = 0; k < keys.size(); k++) {
          if (bitmaps.get(k).result() == null) {
            continue; // expired between KEYS and GET: no heartbeat of that generation counts any more
          }
          long page = Long.parseLong(keys.get(k).substring(keys.get(k).lastIndexOf(':') + 1));
          byte[] bits = bitmaps.get(k).result().toBuffer().getBytes();
          for (int i = 0; i < bits.length * 8; i++) {
            if ((bits[i / 8] & (0x80 >> (i % 8))) != 0) { // Redis numbers a bitmap's bits from the highest of byte 0
              users.add(page * 65_536 + i);
            }
          }
        }
        return users;
      });
    });
  }

  /** Deletes every heartbeat bitmap of the show: its waiters are silent from now on. */
  static Future<Void> forgetBeats(Redis redis, String showId) {
    return beatKeys(redis, showId).compose(keys -> {
      Request del = Request.cmd(Command.DEL);
      keys.forEach(del::arg);
      return keys.isEmpty() ? Future.succeededFuture() : redis.send(del).mapEmpty();
    });
  }

  private static Future<List<String>> beatKeys(Redis redis, String showId) {
    return redis.send(Request.cmd(Command.KEYS).arg(QueueKeys.beats(showId) + ":*")).map(r -> {
      List<String> keys = new ArrayList<>();
      r.forEach(key -> keys.add(key.toString()));
      return keys;
    });
  }

  /** Completes when every call has completed, successfully or not, with the calls themselves to inspect. */
  static <T> Future<List<Future<T>>> settled(List<Future<T>> calls) {
    return Future.join(calls).transform(done -> Future.succeededFuture(calls));
  }

  static Future<Void> sleep(Vertx vertx, long millis) {
    return vertx.timer(millis).mapEmpty();
  }

  /** Completes once {@code condition} answers true (checked every 50 ms), fails after {@code timeoutMillis}. */
  static Future<Void> until(Vertx vertx, long timeoutMillis, Supplier<Future<Boolean>> condition) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    return poll(vertx, deadline, condition);
  }

  private static Future<Void> poll(Vertx vertx, long deadline, Supplier<Future<Boolean>> condition) {
    return condition.get().compose(done -> {
      if (done) {
        return Future.succeededFuture();
      }
      if (System.currentTimeMillis() > deadline) {
        return Future.failedFuture("condition not met in time");
      }
      return sleep(vertx, 50).compose(v -> poll(vertx, deadline, condition));
    });
  }

  /** The results of {@link #concurrently}, in call order, and the most calls that were in flight at once. */
  record Hammered<T>(List<T> results, int maxInFlight) {
  }

  /**
   * Makes {@code count} calls through {@code clients} concurrent clients, each starting its next call as soon as the
   * previous one answered, so {@code clients} calls are in flight at any time until the end.
   */
  static <T> Future<Hammered<T>> concurrently(int clients, int count, IntFunction<Future<T>> call) {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicReferenceArray<T> results = new AtomicReferenceArray<>(count);
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      lanes.add(lane(next, count, call, results, inFlight, maxInFlight));
    }
    return Future.all(lanes).map(done -> {
      List<T> list = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        list.add(results.get(i));
      }
      return new Hammered<>(list, maxInFlight.get());
    });
  }

  private static <T> Future<Void> lane(AtomicInteger next, int count, IntFunction<Future<T>> call,
                                       AtomicReferenceArray<T> results, AtomicInteger inFlight,
                                       AtomicInteger maxInFlight) {
    Promise<Void> done = Promise.promise();
    new Runnable() {
      @Override
      public void run() {
        int i = next.getAndIncrement();
        if (i >= count) {
          done.complete();
          return;
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        call.apply(i).onComplete(result -> {
          inFlight.decrementAndGet();
          if (result.failed()) {
            done.fail(result.cause());
          } else {
            results.set(i, result.result());
            run();
          }
        });
      }
    }.run();
    return done.future();
  }

  /**
   * Calls {@code step} back to back while {@code go} answers true. Chained through a promise, not through compose, so
   * that thousands of rounds never nest futures (which would overflow the stack when the last one completes).
   */
  static Future<Void> repeatWhile(Supplier<Boolean> go, Supplier<Future<?>> step) {
    Promise<Void> done = Promise.promise();
    new Runnable() {
      @Override
      public void run() {
        if (!go.get()) {
          done.complete();
          return;
        }
        step.get().onComplete(result -> {
          if (result.failed()) {
            done.fail(result.cause());
          } else {
            run();
          }
        });
      }
    }.run();
    return done.future();
  }
}
