package io.ticketping.shared.events;

import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class OutboxRelayTest {

  private static final int KEYS = 25;
  private static final int PER_KEY = 40;
  private static final int BATCH = 10;

  private JsonObject config;
  private Pool pool;
  private final List<OutboxRelay> relays = new ArrayList<>();

  @BeforeEach
  void setUp(Vertx vertx) {
    TestServers servers = TestServers.get();
    servers.kafka();
    servers.reset();
    config = servers.config();
    // Batches smaller than the number of keys: relays hold disjoint keys side by side, and the next batch of one
    // relay often holds later events of the keys another relay is still publishing (the case that could reorder).
    config.getJsonObject("kafka").put("relayBatchSize", BATCH);
    pool = PgPools.create(vertx, config);
    Outbox.migrate(vertx, config).await();
  }

  @AfterEach
  void tearDown() {
    relays.forEach(relay -> relay.stop().await());
  }

  @Test
  @DisplayName("three relays running at once publish 1,000 outbox rows: each event arrives once, in order per key, "
    + "and every row ends marked sent")
  void threeRelays(Vertx vertx, VertxTestContext ctx) {
    String topic = TestServers.uniqueName("relay");
    Topics.create(vertx, config, List.of(topic)).await();
    // Event n is the (n / KEYS)-th event of order-(n % KEYS): keys interleave as orders do in a sale.
    appendRange(topic, 0, KEYS * PER_KEY / 2).await();
    for (int i = 0; i < 3; i++) {
      relays.add(new OutboxRelay(vertx, pool, config));
    }
    Future.all(relays.stream().map(OutboxRelay::start).toList())
      // The second half arrives while the relays run.
      .compose(v -> appendRange(topic, KEYS * PER_KEY / 2, KEYS * PER_KEY))
      .compose(v -> TopicReader.read(vertx, bootstrap(), topic, KEYS * PER_KEY, Duration.ofSeconds(60),
        Duration.ofSeconds(1)))
      .compose(records -> outboxCounts().map(counts -> {
        ctx.verify(() -> {
          assertThat(records).hasSize(KEYS * PER_KEY);
          Set<String> ids = new HashSet<>();
          Map<String, List<Integer>> seqByKey = new HashMap<>();
          for (KafkaConsumerRecord<String, String> record : records) {
            DomainEvent event = DomainEvent.fromJson(record.value());
            assertThat(record.key()).isEqualTo(event.key());
            ids.add(event.eventId());
            seqByKey.computeIfAbsent(event.key(), k -> new ArrayList<>()).add(event.payload().getInteger("seq"));
          }
          assertThat(ids).hasSize(KEYS * PER_KEY);
          assertThat(seqByKey).hasSize(KEYS);
          List<Integer> inOrder = java.util.stream.IntStream.range(0, PER_KEY).boxed().toList();
          seqByKey.forEach((key, seqs) -> assertThat(seqs).as(key).isEqualTo(inOrder));
          assertThat(counts.getLong(0)).as("rows").isEqualTo(KEYS * PER_KEY);
          assertThat(counts.getLong(1)).as("rows still unsent").isZero();
          assertThat(relays.stream().mapToLong(OutboxRelay::published).sum()).isEqualTo(KEYS * PER_KEY);
          assertThat(relays.stream().filter(r -> r.published() > 0).count()).as("relays that published").isGreaterThan(1);
        });
        return counts;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("the backlog counts unsent rows and the age of the oldest, and is empty once the relay caught up")
  void backlog(Vertx vertx, VertxTestContext ctx) {
    String topic = TestServers.uniqueName("backlog");
    Topics.create(vertx, config, List.of(topic)).await();
    OutboxRelay relay = new OutboxRelay(vertx, pool, config);
    relays.add(relay);
    pool.withTransaction(conn -> Future.all(List.of(
        Outbox.append(conn, topic, DomainEvent.of(EventTypes.ORDER_CREATED, "order-1", new JsonObject())),
        Outbox.append(conn, topic, DomainEvent.of(EventTypes.ORDER_PAID, "order-1", new JsonObject())))))
      .compose(v -> vertx.timer(300))
      .compose(v -> relay.backlog())
      .compose(before -> {
        ctx.verify(() -> {
          assertThat(before.unsent()).isEqualTo(2);
          assertThat(before.oldestAge()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        });
        return relay.start();
      })
      .compose(v -> Eventually.until(vertx, Duration.ofSeconds(30), "an empty backlog",
        () -> relay.backlog().map(b -> b.unsent() == 0)))
      .compose(v -> relay.backlog())
      .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
        assertThat(after.oldestAge()).isEqualTo(Duration.ZERO);
        assertThat(relay.published()).isEqualTo(2);
        ctx.completeNow();
      })));
  }

  private Future<Void> appendRange(String topic, int from, int to) {
    // Transactions of 100 events, one after another, as many producers' transactions would commit.
    Future<Void> chain = Future.succeededFuture();
    for (int start = from; start < to; start += 100) {
      int first = start;
      int last = Math.min(start + 100, to);
      chain = chain.compose(v -> pool.withTransaction(conn -> {
        List<Future<Void>> appends = new ArrayList<>();
        for (int n = first; n < last; n++) {
          JsonObject payload = new JsonObject().put("seq", n / KEYS);
          appends.add(Outbox.append(conn, topic, DomainEvent.of("OrderUpdated", "order-" + (n % KEYS), payload)));
        }
        return Future.all(appends).mapEmpty();
      }));
    }
    return chain;
  }

  private Future<Row> outboxCounts() {
    return pool.query("SELECT count(*), count(*) FILTER (WHERE sent_at IS NULL) FROM outbox").execute()
      .map(rows -> rows.iterator().next());
  }

  private String bootstrap() {
    return config.getJsonObject("kafka").getString("bootstrapServers");
  }
}
