package io.ticketping.shared.events;

import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox over a run: the relay that publishes it also purges what it sent once the retention has passed, so the
 * table holds the last moments' events, not every event ever published.
 */
class OutboxRetentionTest {

  private static final int ROUNDS = 40;
  private static final int PER_ROUND = 100;

  private Vertx vertx;
  private Pool pool;
  private JsonObject config;
  private OutboxRelay relay;

  @BeforeEach
  void setUp() {
    TestServers servers = TestServers.get();
    servers.kafka();
    servers.reset();
    config = servers.config();
    config.getJsonObject("kafka").put("outboxRetentionSeconds", 1).put("outboxPurgeMillis", 200)
      .put("relayPollMillis", 50);
    vertx = Vertx.vertx();
    pool = PgPools.create(vertx, config);
    Outbox.migrate(vertx, config).await();
  }

  @AfterEach
  void tearDown() {
    relay.stop().await();
    pool.close().await();
    vertx.close().await();
  }

  @Test
  @DisplayName("4,000 events published over ten seconds with a one-second retention: a sent row never outlives the "
    + "retention by more than a few seconds, the table never holds half the run, and it ends empty")
  void staysBounded() {
    String topic = TestServers.uniqueName("retention");
    Topics.create(vertx, config, List.of(topic)).await();
    relay = new OutboxRelay(vertx, pool, config);
    relay.start().await();

    long most = 0;
    for (int round = 0; round < ROUNDS; round++) {
      append(topic, round).await();
      Row counts = pool.query("SELECT count(*), count(*) FILTER (WHERE sent_at < now() - interval '5 seconds') "
        + "FROM outbox").execute().await().iterator().next();
      most = Math.max(most, counts.getLong(0));
      assertThat(counts.getLong(1)).as("rows sent more than 5 s ago, in round %d", round).isZero();
      vertx.timer(250).await();
    }

    Eventually.until(vertx, Duration.ofSeconds(30), "an empty outbox", () -> pool.query("SELECT count(*) FROM outbox")
      .execute().map(rows -> rows.iterator().next().getLong(0) == 0)).await();
    assertThat(relay.published()).as("every event was published before it went").isEqualTo(ROUNDS * PER_ROUND);
    assertThat(most).as("most rows the outbox held at once").isPositive().isLessThan(ROUNDS * PER_ROUND / 2);
  }

  /** One transaction of {@value #PER_ROUND} events, as a burst of orders would commit. */
  private Future<Void> append(String topic, int round) {
    return pool.withTransaction(conn -> {
      List<Future<Void>> appends = new ArrayList<>();
      for (int n = 0; n < PER_ROUND; n++) {
        appends.add(Outbox.append(conn, topic, DomainEvent.of(EventTypes.ORDER_CREATED, "order-" + round + "-" + n,
          new JsonObject().put("n", n))));
      }
      return Future.all(appends).mapEmpty();
    });
  }
}
