package io.ticketping.queue;

import io.ticketping.shared.health.RoleNeeds;
import io.ticketping.shared.queue.QueueStatus;
import io.ticketping.shared.bus.ServiceEndpoints;
import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.events.EventConsumer;
import io.ticketping.shared.events.EventHandler;
import io.ticketping.shared.events.EventTypes;
import io.ticketping.shared.events.Outbox;
import io.ticketping.shared.events.Topics;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.pg.SchemaMigrations;
import io.ticketping.shared.problem.ProblemException;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;

/**
 * The waiting room's event-bus face: request/reply consumers on the {@link QueueAddresses} (JSON bodies; failures
 * carry the HTTP status as code and a {@link Problem} as JSON message) and, unless {@code queue.ticker} is false, an
 * {@link AdmissionTicker}. Instances may run on any number of JVMs at once; all state is in Redis.
 */
public class QueueVerticle extends VerticleBase {

  /** The module of the queue's own tables ({@code db/queue}). */
  static final String MIGRATION_MODULE = "queue";

  private Redis redis;
  private WaitingRoom room;
  private AdmissionTicker ticker;
  private Pool pool;
  private OutcomeLog outcomeLog;
  private EventConsumer slotRelease;
  private int maxBatchUsers;

  @Override
  public Future<?> start() {
    // The waiting room answers from Redis alone; the slot-release consumer waits out a Kafka or PostgreSQL outage.
    RoleNeeds.declare(vertx, "queue", RoleNeeds.REDIS);
    JsonObject queue = config().getJsonObject("queue");
    redis = RedisClients.create(vertx, config());
    pool = PgPools.create(vertx, config());
    outcomeLog = new OutcomeLog(vertx, pool, queue.getJsonObject("outcomes"));
    room = new WaitingRoom(redis, queue.getInteger("idleChecksPerTick"), outcomeLog);
    QueueOutcomes outcomes = new QueueOutcomes(pool);
    maxBatchUsers = queue.getInteger("maxBatchUsers");

    List<Future<?>> registered = new ArrayList<>();
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.ENTER, b -> room.enter(show(b), user(b)).map(QueueStatus::toJson)));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.ENTER_MANY, this::enterMany));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.STATUS, b -> room.status(show(b), user(b)).map(QueueStatus::toJson)));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.LEAVE,
      b -> leave(show(b), user(b)).map(left -> new JsonObject().put("left", left))));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.RELEASE,
      b -> release(show(b), user(b)).map(released -> new JsonObject().put("released", released))));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.CONFIGURE,
      b -> (b.getBoolean("createOnly", false) ? room.setUp(show(b), QueueRequests.settings(b))
        : room.configure(show(b), QueueRequests.settings(b))).map(QueueStats::toJson)));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.PAUSE, b -> room.pause(show(b)).map(QueueStats::toJson)));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.RESUME, b -> room.resume(show(b)).map(QueueStats::toJson)));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.CLOSE, b -> room.close(show(b)).map(QueueStats::toJson)));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.DRAIN, b -> room.drain(show(b)).map(QueueStats::toJson)));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.END, b -> room.end(show(b),
      QueueRequests.count(b, "expireAt")).map(ended -> new JsonObject().put("ended", ended))));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.SEATS, b -> room.seats(show(b),
      QueueRequests.count(b, "available"), QueueRequests.count(b, "held"), QueueRequests.count(b, "version"))));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.STATS, b -> room.stats(show(b)).map(QueueStats::toJson)));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.OUTCOMES, b -> outcomes.of(show(b))));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.PASS_CHECK, this::passCheck));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.POSITIONS, this::positions));
    registered.add(ServiceEndpoints.serve(vertx, QueueAddresses.HEARTBEAT, b -> room.heartbeat(show(b),
      QueueRequests.userIds(b, maxBatchUsers)).map(refreshed -> new JsonObject())));

    slotRelease = new EventConsumer(vertx, pool, config(), "queue.slot-release", List.of(Topics.ORDER_EVENTS),
      EventHandler.forType(EventTypes.ORDER_PAID, this::onOrderPaid));
    // Outcomes told before the table exists stay in memory until the first flush after it.
    registered.add(Outbox.migrate(vertx, config())
      .compose(v -> SchemaMigrations.apply(vertx, config(), MIGRATION_MODULE))
      .compose(v -> {
        outcomeLog.start();
        return slotRelease.start();
      }));

    if (queue.getBoolean("ticker")) {
      ticker = new AdmissionTicker(vertx, room, queue.getLong("tickMillis")).start();
    }
    return Future.all(registered);
  }

  @Override
  public Future<?> stop() {
    RoleNeeds.withdraw(vertx, "queue");
    if (ticker != null) {
      ticker.stop();
    }
    return slotRelease.stop().eventually(outcomeLog::stop).eventually(() -> Future.join(redis.close(), pool.close()));
  }

  /**
   * A paid order frees its buyer's working slot for the next in line (which also revokes the queue pass). The
   * consumer records the event as handled, so a redelivery releases nothing twice.
   */
  private Future<Void> onOrderPaid(SqlConnection conn, DomainEvent event) {
    JsonObject paid = event.payload();
    return release(String.valueOf(paid.getValue("showId")), paid.getLong("userId")).mapEmpty();
  }

  private Future<Boolean> leave(String showId, long userId) {
    return room.leave(showId, userId).onSuccess(left -> announceLeft(left, showId, userId));
  }

  private Future<Boolean> release(String showId, long userId) {
    return room.release(showId, userId).onSuccess(released -> announceLeft(released, showId, userId));
  }

  /** Gateways answer polls from what they remember; a place that is gone must leave their memory at once. */
  private void announceLeft(boolean gone, String showId, long userId) {
    if (gone) {
      vertx.eventBus().publish(QueueAddresses.LEFT, new JsonObject().put("showId", showId).put("userId", userId));
    }
  }

  private Future<JsonObject> passCheck(JsonObject body) {
    return room.passExpiry(show(body), user(body))
      .map(expiry -> new JsonObject().put("active", expiry != null).put("expiresAt", expiry));
  }

  private Future<JsonObject> enterMany(JsonObject body) {
    return room.enterAll(show(body), QueueRequests.userIds(body, maxBatchUsers)).map(outcomes -> {
      JsonArray users = new JsonArray(new ArrayList<>(outcomes.size()));
      for (Future<QueueStatus> outcome : outcomes) {
        users.add(outcome.succeeded() ? outcome.result().toJson()
          : new JsonObject().put("problem", ((ProblemException) outcome.cause()).problem().toJson()));
      }
      return new JsonObject().put("users", users);
    });
  }

  private Future<JsonObject> positions(JsonObject body) {
    return room.positions(show(body), QueueRequests.userIds(body, maxBatchUsers)).map(Positions::toJson);
  }

  private static String show(JsonObject body) {
    return QueueRequests.showId(body);
  }

  private static long user(JsonObject body) {
    return QueueRequests.userId(body);
  }
}
