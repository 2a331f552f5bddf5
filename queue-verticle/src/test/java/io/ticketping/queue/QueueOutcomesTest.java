package io.ticketping.queue;

import io.micrometer.core.instrument.DistributionSummary;
import io.ticketping.shared.observability.MetricNames;
import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.pg.SchemaMigrations;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.queue.QueueStatus;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What became of each place, as the waiting room records it in PostgreSQL and answers it per show: a scripted line
 * where some leave, some fall silent and the rest are admitted, whose figures must be exactly what the script did.
 */
class QueueOutcomesTest {

  private static final String SHOW = "outcomes";
  /** The arrival clock's slot and the test's own clock reads around each call. */
  private static final double WAIT_TOLERANCE_SECONDS = 0.35;

  private Vertx vertx;
  private Redis redis;
  private Pool pool;
  private OutcomeLog log;
  private WaitingRoom room;

  @BeforeEach
  void start() {
    TestServers.get().reset();
    JsonObject config = QueueTesting.config(0);
    vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), config));
    SchemaMigrations.apply(vertx, config, QueueVerticle.MIGRATION_MODULE).await();
    redis = QueueTesting.redis(vertx);
    pool = PgPools.create(vertx, config);
    log = new OutcomeLog(vertx, pool, config.getJsonObject("queue").getJsonObject("outcomes"));
    room = new WaitingRoom(redis, 10_000, log);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("10 enter; 2 leave, 3 fall silent and lose their places, 5 are admitted in two rounds and 1 more walks "
    + "straight in: the show's outcomes count exactly that, each wait is the one the script measured, and the "
    + "arrival clock is empty once nobody waits")
  void figuresAreWhatHappened() {
    room.configure(SHOW, new QueueSettings(0, 0, 600, 1, 0L)).await();
    Map<Long, Long> enteredAt = new HashMap<>();
    for (long user = 1; user <= 10; user++) {
      enteredAt.put(user, System.currentTimeMillis());
      assertThat(room.enter(SHOW, user).await().status()).isEqualTo(QueueStatus.WAITING);
    }
    assertThat(room.leave(SHOW, 9).await()).isTrue();
    assertThat(room.leave(SHOW, 10).await()).isTrue();
    assertThat(room.leave(SHOW, 10).await()).as("a second leave gives up nothing").isFalse();

    // 1..5 keep polling; 6, 7 and 8 say nothing until the sweep drops them.
    List<Long> polling = LongStream.rangeClosed(1, 5).boxed().toList();
    long deadline = System.currentTimeMillis() + 10_000;
    TickResult tick = room.tick(SHOW).await();
    while (tick.waiting() > 5 && System.currentTimeMillis() < deadline) {
      room.heartbeat(SHOW, polling).await();
      QueueTesting.sleep(vertx, 200).await();
      tick = room.tick(SHOW).await();
    }
    assertThat(tick.waiting()).as("the three silent waiters were dropped").isEqualTo(5);

    room.configure(SHOW, new QueueSettings(3, null, null, null, null)).await();
    Map<Long, Long> admittedAt = new HashMap<>();
    admitAll(admittedAt);
    room.heartbeat(SHOW, polling).await();
    QueueTesting.sleep(vertx, 300).await();
    room.configure(SHOW, new QueueSettings(10, null, null, null, null)).await();
    admitAll(admittedAt);
    assertThat(admittedAt).containsOnlyKeys(polling);
    assertThat(redis.send(Request.cmd(Command.EXISTS).arg(QueueKeys.arrivals(SHOW))).await().toLong())
      .as("nobody waits: the arrival clock forgot every slot").isZero();
    assertThat(room.enter(SHOW, 11).await().status()).as("nobody waits and there is room").isEqualTo("ADMITTED");
    assertThat(room.enter(SHOW, 11).await().status()).as("already admitted: no second admission").isEqualTo("ADMITTED");

    log.flush().await();
    assertThat(log.settled()).isTrue();
    JsonObject figures = new QueueOutcomes(pool).of(SHOW).await();
    assertThat(figures.getLong("admitted")).isEqualTo(6);
    assertThat(figures.getLong("admittedBuyers")).isEqualTo(6);
    assertThat(figures.getLong("left")).isEqualTo(2);
    assertThat(figures.getLong("timedOut")).isEqualTo(3);

    JsonObject waits = figures.getJsonObject("waitSeconds");
    assertThat(waits.getLong("count")).isEqualTo(6);
    double longest = admittedAt.keySet().stream().mapToLong(user -> admittedAt.get(user) - enteredAt.get(user))
      .max().orElseThrow() / 1000.0;
    assertThat(waits.getDouble("max")).as("the longest wait the script measured")
      .isCloseTo(longest, within(WAIT_TOLERANCE_SECONDS));
    assertThat(waits.getDouble("p50")).isGreaterThan(1.0);
    JsonArray buckets = waits.getJsonArray("buckets");
    assertThat(buckets).hasSize(WaitBuckets.SECONDS.length + 1);
    assertThat(buckets.stream().mapToLong(b -> ((JsonObject) b).getLong("count")).sum()).isEqualTo(6);
    assertThat(buckets.getJsonObject(0).getLong("count")).as("user 11, straight in, waited under a second")
      .isEqualTo(1);
    assertThat(buckets.getJsonObject(buckets.size() - 1).getValue("toSeconds")).isNull();

    JsonArray minutes = figures.getJsonArray("byMinute");
    assertThat(minutes.stream().mapToLong(m -> ((JsonObject) m).getLong("admitted")).sum()).isEqualTo(6);
    assertThat(minutes.stream().mapToLong(m -> ((JsonObject) m).getLong("left")).sum()).isEqualTo(2);
    assertThat(minutes.stream().mapToLong(m -> ((JsonObject) m).getLong("timedOut")).sum()).isEqualTo(3);

    DistributionSummary histogram = MetricsSetup.registry(vertx).find(MetricNames.QUEUE_WAIT)
      .tags(MetricNames.SHOW, SHOW).summary();
    assertThat(histogram.count()).isEqualTo(6);
    assertThat(histogram.max()).isCloseTo(longest, within(WAIT_TOLERANCE_SECONDS));
    assertThat(MetricsSetup.registry(vertx).find(MetricNames.QUEUE_ABANDONED)
      .tags(MetricNames.SHOW, SHOW, MetricNames.REASON, "timed_out").counter().count()).isEqualTo(3);
    assertThat(MetricsSetup.registry(vertx).find(MetricNames.QUEUE_ABANDONED)
      .tags(MetricNames.SHOW, SHOW, MetricNames.REASON, "left").counter().count()).isEqualTo(2);

    assertThat(new QueueOutcomes(pool).of("no-such-show").await().getLong("admitted"))
      .as("a show with nothing recorded").isZero();
  }

  /** Ticks until the line stops shrinking, noting when each admitted user was admitted. */
  private void admitAll(Map<Long, Long> admittedAt) {
    while (true) {
      TickResult tick = room.tick(SHOW).await();
      long now = System.currentTimeMillis();
      tick.admitted().forEach(user -> admittedAt.put(user, now));
      if (tick.admitted().isEmpty()) {
        return;
      }
    }
  }
}
