package io.ticketping.shared.events;

import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionPurgeTest {

  private Vertx vertx;
  private Pool pool;
  private RetentionPurge purge;
  private JsonObject config;

  @BeforeEach
  void setUp() {
    TestServers servers = TestServers.get();
    servers.reset();
    config = servers.config();
    config.getJsonObject("kafka").put("outboxRetentionSeconds", 3600).put("outboxPurgeMillis", 60_000)
      .put("processedEventsRetentionSeconds", 7200).put("processedEventsPurgeMillis", 60_000);
    vertx = Vertx.vertx();
    pool = PgPools.create(vertx, config);
    Outbox.migrate(vertx, config).await();
    pool.query("DELETE FROM outbox").execute().await();
    pool.query("DELETE FROM processed_events").execute().await();
    purge = RetentionPurge.sentOutboxRows(vertx, pool, config);
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  @DisplayName("a purge deletes the rows sent before the retention, and keeps unsent rows (however old) and recent ones")
  void keepsUnsentAndRecent() {
    rows(5, "NULL", "now() - interval '3 days'");
    rows(5, "now() - interval '2 hours'", "now() - interval '2 hours'");
    rows(5, "now() - interval '10 minutes'", "now() - interval '10 minutes'");

    assertThat(purge.purge().await()).isEqualTo(5);

    Row left = pool.query("SELECT count(*) FILTER (WHERE sent_at IS NULL), count(*) FILTER (WHERE sent_at IS NOT NULL) "
      + "FROM outbox").execute().await().iterator().next();
    assertThat(left.getLong(0)).as("unsent").isEqualTo(5);
    assertThat(left.getLong(1)).as("sent within the retention").isEqualTo(5);
  }

  @Test
  @DisplayName("two purges at once over more old rows than one statement deletes share them out: all gone, none twice")
  void concurrentPurges() {
    int old = RetentionPurge.BATCH + 2_500;
    rows(old, "now() - interval '1 day'", "now() - interval '1 day'");
    rows(7, "NULL", "now()");

    long deleted = Future.all(purge.purge(), purge.purge()).await().<Long>list().stream().mapToLong(n -> n).sum();

    assertThat(deleted).isEqualTo(old);
    assertThat(pool.query("SELECT count(*) FROM outbox").execute().await().iterator().next().getLong(0))
      .as("the unsent rows only").isEqualTo(7);
  }

  @Test
  @DisplayName("a consumer's purge deletes its processed events older than the retention, not recent ones or another's")
  void processedEventsOfOneConsumer() {
    processed("queue.slot-release", "old", 4, "now() - interval '3 hours'");
    processed("queue.slot-release", "recent", 3, "now() - interval '1 hour'");
    processed("payment.refunds", "old", 6, "now() - interval '3 hours'");

    long deleted = RetentionPurge.processedEvents(vertx, pool, config, "queue.slot-release").purge().await();

    assertThat(deleted).isEqualTo(4);
    Row left = pool.query("SELECT count(*) FILTER (WHERE consumer = 'queue.slot-release'), "
      + "count(*) FILTER (WHERE consumer = 'payment.refunds') FROM processed_events").execute().await().iterator().next();
    assertThat(left.getLong(0)).as("the consumer's recent rows").isEqualTo(3);
    assertThat(left.getLong(1)).as("another consumer's rows, however old").isEqualTo(6);
  }

  private void processed(String consumer, String idPrefix, int count, String processedAt) {
    pool.preparedQuery("INSERT INTO processed_events (consumer, event_id, processed_at) SELECT $1, $2 || '-' || n, "
        + processedAt + " FROM generate_series(1, $3) n")
      .execute(Tuple.of(consumer, idPrefix, count)).await();
  }

  private void rows(int count, String sentAt, String createdAt) {
    pool.preparedQuery("INSERT INTO outbox (topic, key, event, created_at, sent_at) SELECT 'purge-test', "
        + "'order-' || n, jsonb_build_object('n', n), " + createdAt + ", " + sentAt + " FROM generate_series(1, $1) n")
      .execute(Tuple.of(count)).await();
  }
}
