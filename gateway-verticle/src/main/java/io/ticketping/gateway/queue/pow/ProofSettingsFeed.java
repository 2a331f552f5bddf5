package io.ticketping.gateway.queue.pow;

import io.ticketping.shared.observability.OutageLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps {@link ProofSettings} in step across gateways. The settings live in one Redis hash ({@value #KEY}: show id →
 * leading zero bits, absent = off). A change is written there, applied in this JVM at once and published on the event
 * bus ({@value #CHANGED}) to the other gateway JVMs; each JVM also reads the whole hash every
 * {@code proofOfWork.refreshMillis} (one read per JVM), so one that missed a message or started later catches up.
 * Entries never read it: they ask {@link ProofSettings} in memory.
 */
public final class ProofSettingsFeed {

  /** The Redis hash of the settings. */
  static final String KEY = "gateway:proof-of-work";
  /** Published after a change: {@code {showId, difficulty}}. */
  static final String CHANGED = "gateway.proof-of-work.changed";
  private static final Logger LOG = LoggerFactory.getLogger(ProofSettingsFeed.class);

  private final Vertx vertx;
  private final Redis redis;
  private final ProofSettings settings;
  private final long refreshMillis;
  private MessageConsumer<JsonObject> consumer;
  private long timer = -1;
  private final OutageLog readFailures = OutageLog.warnOnce(LOG);

  public ProofSettingsFeed(Vertx vertx, Redis redis, ProofSettings settings, long refreshMillis) {
    this.vertx = vertx;
    this.redis = redis;
    this.settings = settings;
    this.refreshMillis = refreshMillis;
  }

  /** Listens for changes and reads the settings; a failed first read is logged and retried by the timer. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(CHANGED,
      m -> settings.set(m.body().getString("showId"), m.body().getInteger("difficulty")));
    timer = vertx.setPeriodic(refreshMillis, id -> readOnTimer());
    Future<Void> first = read().recover(e -> {
      LOG.warn("Could not read the proof-of-work settings at start; retrying every {} ms: {}", refreshMillis,
        e.toString());
      return Future.succeededFuture();
    });
    return Future.all(consumer.completion(), first).mapEmpty();
  }

  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** Sets {@code showId}'s difficulty (0 = off) for every gateway: here at once, elsewhere within moments. */
  public Future<Integer> change(String showId, int difficulty) {
    Request write = difficulty > 0
      ? Request.cmd(Command.HSET).arg(KEY).arg(showId).arg(difficulty)
      : Request.cmd(Command.HDEL).arg(KEY).arg(showId);
    return redis.send(write).map(done -> {
      settings.set(showId, difficulty);
      vertx.eventBus().publish(CHANGED, new JsonObject().put("showId", showId).put("difficulty", difficulty));
      return difficulty;
    });
  }

  private void readOnTimer() {
    if (!settings.dueForRead(System.currentTimeMillis(), refreshMillis / 2)) {
      return;
    }
    read()
      .onSuccess(v -> readFailures.recovered("Reading the proof-of-work settings again"))
      .onFailure(e -> readFailures.failed(
        "Cannot read the proof-of-work settings; changes made on other gateways may be missed: {}", e.toString()));
  }

  private Future<Void> read() {
    long changesAtRead = settings.changes();
    return redis.send(Request.cmd(Command.HGETALL).arg(KEY)).map(reply -> {
      Map<String, Integer> all = new HashMap<>();
      if (reply != null) {
        for (String showId : reply.getKeys()) {
          Response value = reply.get(showId);
          all.put(showId, value.toInteger());
        }
      }
      settings.replaceAll(all, changesAtRead);
      return null;
    });
  }
}
