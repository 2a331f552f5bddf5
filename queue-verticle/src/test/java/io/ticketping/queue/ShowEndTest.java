package io.ticketping.queue;

import io.ticketping.shared.observability.MetricNames;
import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A show's queue once its show ended, and which shows the admission ticker walks: the live ones only. No ticker runs
 * on a timer: each test runs rounds of its own ticker and reads how many shows a round walked from its metric.
 */
class ShowEndTest {

  private static final long MINUTE = 60_000;

  private Vertx vertx;
  private Redis redis;
  private WaitingRoom room;
  private AdmissionTicker ticker;

  @BeforeEach
  void start() {
    TestServers.get().reset();
    TestServers.get().kafka(); // the verticle consumes order events
    JsonObject config = QueueTesting.config(0);
    vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), config));
    vertx.deployVerticle(QueueVerticle.class, new DeploymentOptions().setConfig(config)).await();
    redis = QueueTesting.redis(vertx);
    room = new WaitingRoom(redis, 10_000);
    ticker = new AdmissionTicker(vertx, room, 1000);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("a show that ended is closed, leaves the tickers' list, and every key of it expires at the given time "
    + "(a key that expires sooner keeps its own); configuring it again brings it back: no expiry, ticked again")
  void endThenRestart() {
    configure("s", new JsonObject().put("capacity", 1));
    enter("s", 1);
    enter("s", 2);
    enter("s", 3);
    configure("live", new JsonObject());
    assertThat(walked()).isEqualTo(2);

    long expireAt = System.currentTimeMillis() + 5 * MINUTE;
    assertThat(call(QueueAddresses.END, new JsonObject().put("showId", "s").put("expireAt", expireAt))
      .getBoolean("ended")).isTrue();

    assertThat(call(QueueAddresses.STATS, QueueTesting.show("s")).getString("state")).isEqualTo("CLOSED");
    assertThat(enter("s", 4).getString("status")).as("newcomers are refused").isEqualTo("CLOSED");
    assertThat(call(QueueAddresses.PASS_CHECK, user("s", 1)).getBoolean("active"))
      .as("a pass already given still works").isTrue();
    Map<String, Long> ttls = ttls("s");
    assertThat(ttls).as("the keys there are").containsKeys(QueueKeys.seq("s"), QueueKeys.waiting("s"),
      QueueKeys.working("s"), QueueKeys.meta("s"), QueueKeys.admits("s"));
    ttls.forEach((key, ttl) -> assertThat(ttl).as(key).isPositive().isLessThanOrEqualTo(5 * MINUTE));
    assertThat(ttls.get(QueueKeys.meta("s"))).as("expires at the time given").isGreaterThan(4 * MINUTE);
    assertThat(ttls.get(QueueKeys.admits("s"))).as("the ETA's counts keep their own, shorter expiry")
      .isLessThanOrEqualTo(2 * MINUTE);
    assertThat(members()).containsExactly("live");
    assertThat(walked()).as("only the live show is walked").isEqualTo(1);
    assertThat(series("s")).as("the ended show's series, which would stay frozen, are gone").isEmpty();
    assertThat(series("live")).isNotEmpty();

    assertThat(call(QueueAddresses.END, new JsonObject().put("showId", "s").put("expireAt", expireAt))
      .getBoolean("ended")).as("ending twice is harmless").isTrue();
    assertThat(call(QueueAddresses.END, new JsonObject().put("showId", "none").put("expireAt", expireAt))
      .getBoolean("ended")).as("a show without a queue").isFalse();
    assertThat(ttls("none")).as("nothing is created for it").isEmpty();

    JsonObject restarted = configure("s", new JsonObject().put("capacity", 2));
    assertThat(restarted.getString("state")).isEqualTo("OPEN");
    ttls("s").forEach((key, ttl) -> {
      if (!key.equals(QueueKeys.admits("s"))) {
        assertThat(ttl).as(key + " lives on").isEqualTo(-1);
      }
    });
    assertThat(members()).containsExactlyInAnyOrder("live", "s");
    List<TickResult> round = ticker.tick().await();
    assertThat(walkedGauge()).isEqualTo(2);
    assertThat(series("s")).isNotEmpty();
    assertThat(round).filteredOn(r -> r.showId().equals("s")).singleElement()
      .satisfies(r -> assertThat(r.admitted()).as("the line goes on").containsExactly(2L));
  }

  @Test
  @DisplayName("resuming a show that ended brings it back as configuring does")
  void resumeAfterEnd() {
    configure("s", new JsonObject().put("capacity", 1));
    enter("s", 1);
    enter("s", 2);
    call(QueueAddresses.END, new JsonObject().put("showId", "s").put("expireAt", System.currentTimeMillis() + MINUTE));
    assertThat(walked()).isZero();

    assertThat(call(QueueAddresses.RESUME, QueueTesting.show("s")).getString("state")).isEqualTo("OPEN");
    assertThat(ttls("s").get(QueueKeys.waiting("s"))).isEqualTo(-1);
    assertThat(ttls("s").get(QueueKeys.meta("s"))).isEqualTo(-1);
    assertThat(walked()).isEqualTo(1);
  }

  @Test
  @DisplayName("a show that ended long ago is gone at once; configuring it anew creates a fresh queue")
  void endedInThePast() {
    configure("s", new JsonObject());
    enter("s", 1);
    call(QueueAddresses.END, new JsonObject().put("showId", "s").put("expireAt", System.currentTimeMillis() - MINUTE));
    assertThat(ttls("s")).isEmpty();
    assertThat(members()).isEmpty();

    assertThat(configure("s", new JsonObject()).getString("state")).isEqualTo("OPEN");
    assertThat(enter("s", 1).getString("status")).isEqualTo("ADMITTED");
    assertThat(walked()).isEqualTo(1);
  }

  @Test
  @DisplayName("a closed queue with nobody waiting or admitted leaves the tickers' list at its next tick, one with "
    + "waiters or passes stays; resuming or draining lists it again")
  void closedAndEmptyLeaveTheList() {
    configure("empty", new JsonObject());
    configure("waiters", new JsonObject().put("capacity", 0));
    configure("passes", new JsonObject().put("capacity", 1));
    configure("paused", new JsonObject());
    enter("waiters", 1);
    enter("passes", 1);
    for (String show : List.of("empty", "waiters", "passes")) {
      call(QueueAddresses.CLOSE, QueueTesting.show(show));
    }
    call(QueueAddresses.PAUSE, QueueTesting.show("paused"));

    assertThat(walked()).isEqualTo(4);
    assertThat(walked()).as("the closed, empty one is left out").isEqualTo(3);
    assertThat(members()).containsExactlyInAnyOrder("waiters", "passes", "paused");

    call(QueueAddresses.LEAVE, user("passes", 1));
    assertThat(walked()).isEqualTo(3);
    assertThat(walked()).isEqualTo(2);

    assertThat(call(QueueAddresses.RESUME, QueueTesting.show("empty")).getString("state")).isEqualTo("OPEN");
    call(QueueAddresses.DRAIN, QueueTesting.show("passes"));
    assertThat(members()).containsExactlyInAnyOrder("empty", "waiters", "passes", "paused");
    assertThat(enter("empty", 2).getString("status")).isEqualTo("ADMITTED");
    assertThat(walked()).isEqualTo(4);
  }

  @Test
  @DisplayName("every key the scripts write for a show, but the heartbeat bitmaps that expire on their own, is one "
    + "QueueKeys.all lists, so ending a show reaches each of them")
  void everyKeyIsListed() {
    configure("a", new JsonObject().put("capacity", 1));
    configure("b", new JsonObject().put("opensAt", System.currentTimeMillis() + MINUTE));
    enter("a", 1);
    enter("a", 2);
    enter("b", 1);
    call(QueueAddresses.HEARTBEAT, new JsonObject().put("showId", "a").put("userIds", new JsonArray().add(2)));
    call(QueueAddresses.SEATS, new JsonObject().put("showId", "a").put("available", 5).put("held", 0)
      .put("version", 1));
    ticker.tick().await();
    call(QueueAddresses.LEAVE, user("a", 1));

    List<String> written = new ArrayList<>();
    for (String show : List.of("a", "b")) {
      keys("q:" + QueueKeys.hashTag(show) + ":*").stream()
        .filter(key -> !key.startsWith(QueueKeys.beats(show) + ":"))
        .forEach(key -> assertThat(QueueKeys.all(show)).as(key).contains(key));
      written.addAll(keys("q:" + QueueKeys.hashTag(show) + ":*"));
    }
    assertThat(written).as("the scripts wrote keys of both shows")
      .contains(QueueKeys.waiting("a"), QueueKeys.pre("b"), QueueKeys.meta("b"));
  }

  /** One ticker round; how many shows it walked, as its metric tells. */
  private long walked() {
    ticker.tick().await();
    return walkedGauge();
  }

  private long walkedGauge() {
    return (long) MetricsSetup.registry(vertx).get(MetricNames.QUEUE_TICK_SHOWS).gauge().value();
  }

  /** The show's waiting-line series in the metrics. */
  private List<?> series(String showId) {
    return List.copyOf(MetricsSetup.registry(vertx).find(MetricNames.QUEUE_WAITING).tag(MetricNames.SHOW, showId)
      .meters());
  }

  private List<String> members() {
    return strings(redis.send(Request.cmd(Command.SMEMBERS).arg(QueueKeys.SHOWS)).await());
  }

  private List<String> keys(String pattern) {
    return strings(redis.send(Request.cmd(Command.KEYS).arg(pattern)).await());
  }

  /** The PTTL of each of the show's keys that exists (QueueKeys.all). */
  private Map<String, Long> ttls(String showId) {
    Map<String, Long> ttls = new HashMap<>();
    for (String key : QueueKeys.all(showId)) {
      long ttl = redis.send(Request.cmd(Command.PTTL).arg(key)).await().toLong();
      if (ttl != -2) {
        ttls.put(key, ttl);
      }
    }
    return ttls;
  }

  private static List<String> strings(Response reply) {
    List<String> list = new ArrayList<>();
    reply.forEach(item -> list.add(item.toString()));
    return list;
  }

  private JsonObject configure(String showId, JsonObject settings) {
    return call(QueueAddresses.CONFIGURE, settings.put("showId", showId).put("idleTimeoutSeconds", 600));
  }

  private JsonObject enter(String showId, long userId) {
    return call(QueueAddresses.ENTER, user(showId, userId));
  }

  private JsonObject call(String address, JsonObject body) {
    return QueueTesting.request(vertx, address, body).await();
  }
}
