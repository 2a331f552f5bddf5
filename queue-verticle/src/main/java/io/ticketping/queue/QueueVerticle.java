package io.ticketping.queue;

import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The waiting room's event-bus face: request/reply consumers on the {@link QueueAddresses} (JSON bodies; failures
 * carry the HTTP status as code and a {@link Problem} as JSON message) and, unless {@code queue.ticker} is false, an
 * {@link AdmissionTicker}. Instances may run on any number of JVMs at once; all state is in Redis.
 */
public class QueueVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(QueueVerticle.class);

  private Redis redis;
  private WaitingRoom room;
  private AdmissionTicker ticker;
  private int maxBatchUsers;

  @Override
  public Future<?> start() {
    JsonObject queue = config().getJsonObject("queue");
    redis = RedisClients.create(vertx, config());
    room = new WaitingRoom(redis, queue.getInteger("maxGhostsPerTick"));
    maxBatchUsers = queue.getInteger("maxBatchUsers");

    List<Future<?>> registered = new ArrayList<>();
    registered.add(consume(QueueAddresses.ENTER, b -> room.enter(show(b), user(b)).map(QueueStatus::toJson)));
    registered.add(consume(QueueAddresses.STATUS, b -> room.status(show(b), user(b)).map(QueueStatus::toJson)));
    registered.add(consume(QueueAddresses.LEAVE,
      b -> room.leave(show(b), user(b)).map(left -> new JsonObject().put("left", left))));
    registered.add(consume(QueueAddresses.RELEASE,
      b -> room.release(show(b), user(b)).map(released -> new JsonObject().put("released", released))));
    registered.add(consume(QueueAddresses.CONFIGURE,
      b -> room.configure(show(b), QueueRequests.settings(b)).map(QueueStats::toJson)));
    registered.add(consume(QueueAddresses.PAUSE, b -> room.pause(show(b)).map(QueueStats::toJson)));
    registered.add(consume(QueueAddresses.RESUME, b -> room.resume(show(b)).map(QueueStats::toJson)));
    registered.add(consume(QueueAddresses.STATS, b -> room.stats(show(b)).map(QueueStats::toJson)));
    registered.add(consume(QueueAddresses.PASS_CHECK, this::passCheck));
    registered.add(consume(QueueAddresses.POSITIONS, this::positions));
    registered.add(consume(QueueAddresses.HEARTBEAT, b -> room.heartbeat(show(b),
      QueueRequests.userIds(b, maxBatchUsers)).map(refreshed -> new JsonObject())));

    if (queue.getBoolean("ticker")) {
      ticker = new AdmissionTicker(vertx, room, queue.getLong("tickMillis")).start();
    }
    return Future.all(registered);
  }

  @Override
  public Future<?> stop() {
    if (ticker != null) {
      ticker.stop();
    }
    return redis.close();
  }

  private Future<JsonObject> passCheck(JsonObject body) {
    return room.passExpiry(show(body), user(body))
      .map(expiry -> new JsonObject().put("active", expiry != null).put("expiresAt", expiry));
  }

  private Future<JsonObject> positions(JsonObject body) {
    return room.positions(show(body), QueueRequests.userIds(body, maxBatchUsers)).map(Positions::toJson);
  }

  /** Registers {@code handler} at {@code address}, answering its result or its problem. */
  private Future<Void> consume(String address, Function<JsonObject, Future<JsonObject>> handler) {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address, message -> {
      Future<JsonObject> reply;
      try {
        reply = handler.apply(QueueRequests.body(message.body()));
      } catch (RuntimeException e) {
        // Bad input throws a ProblemException (400); anything else is a bug, answered as a logged 500.
        reply = Future.failedFuture(e);
      }
      reply.onComplete(result -> {
        if (result.succeeded()) {
          message.reply(result.result());
        } else {
          fail(message, address, result.cause());
        }
      });
    });
    return consumer.completion();
  }

  private static void fail(Message<Object> message, String address, Throwable cause) {
    Problem problem;
    if (cause instanceof ProblemException e) {
      problem = e.problem();
    } else {
      LOG.error("Request to {} failed", address, cause);
      problem = Problem.internal();
    }
    message.fail(problem.status(), problem.toJson().encode());
  }

  private static String show(JsonObject body) {
    return QueueRequests.showId(body);
  }

  private static long user(JsonObject body) {
    return QueueRequests.userId(body);
  }
}
