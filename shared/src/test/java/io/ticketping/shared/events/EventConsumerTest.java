package io.ticketping.shared.events;

import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class EventConsumerTest {

  private static final String EFFECT = "INSERT INTO test_effects (event_id, order_id) VALUES ($1, $2)";

  private JsonObject config;
  private Pool pool;
  private KafkaProducer<String, String> producer;
  private final List<EventConsumer> consumers = new ArrayList<>();

  @BeforeEach
  void setUp(Vertx vertx) {
    TestServers servers = TestServers.get();
    servers.kafka();
    servers.reset();
    config = servers.config();
    pool = PgPools.create(vertx, config);
    Outbox.migrate(vertx, config).await();
    // No unique key on purpose: an effect applied twice shows up as two rows.
    pool.query("CREATE TABLE IF NOT EXISTS test_effects (event_id text NOT NULL, order_id text NOT NULL)").execute()
      .await();
    producer = KafkaProducer.create(vertx, KafkaSettings.reliableProducer(config));
  }

  @AfterEach
  void tearDown() {
    consumers.forEach(c -> c.stop().await());
    producer.close().await();
  }

  @Test
  @DisplayName("a consumer that receives every event twice, and a replay by a second group under the same consumer "
    + "name, apply each effect exactly once")
  void exactlyOnceEffects(Vertx vertx, VertxTestContext ctx) {
    String topic = TestServers.uniqueName("orders");
    String name = "test.effects";
    AtomicInteger applied = new AtomicInteger();
    EventHandler effect = (conn, event) -> conn.preparedQuery(EFFECT).execute(Tuple.of(event.eventId(), event.key()))
      .onSuccess(rows -> applied.incrementAndGet())
      .mapEmpty();
    List<DomainEvent> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(DomainEvent.of("OrderPaid", "order-" + (i % 7), new JsonObject().put("n", i)));
    }
    EventConsumer first = consumer(vertx, name, topic, effect);
    EventConsumer replay = consumer(vertx, name, topic, effect).groupId(name + ".replay");

    Topics.create(vertx, config, List.of(topic))
      // Every event is published twice in a row, as a relay that crashed before marking its batch sent would.
      .compose(v -> sendAll(events.stream().flatMap(e -> List.of(e, e).stream()).toList(), topic))
      .compose(v -> first.start())
      .compose(v -> awaitCommitted(vertx, name, 100))
      .compose(v -> first.stop())
      .compose(v -> replay.start())
      .compose(v -> awaitCommitted(vertx, name + ".replay", 100))
      .compose(v -> pool.query("SELECT count(*), count(DISTINCT event_id) FROM test_effects").execute())
      .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
        Row row = rows.iterator().next();
        assertThat(row.getLong(0)).as("effects").isEqualTo(50);
        assertThat(row.getLong(1)).as("distinct events with an effect").isEqualTo(50);
        assertThat(applied.get()).as("handler runs that committed").isEqualTo(50);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a poison event is retried with growing backoff, then parked on the .dlq topic with the error, and the "
    + "consumer goes on with the next events")
  void poisonEventIsParked(Vertx vertx, VertxTestContext ctx) {
    String topic = TestServers.uniqueName("payments");
    String name = "test.poison";
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    List<Long> attempts = Collections.synchronizedList(new ArrayList<>());
    EventHandler handler = (conn, event) -> {
      calls.add(event.type());
      if (event.payload().getBoolean("poison", false)) {
        attempts.add(System.nanoTime());
        return Future.failedFuture(new IllegalStateException("provider exploded"));
      }
      return conn.preparedQuery(EFFECT).execute(Tuple.of(event.eventId(), event.key())).mapEmpty();
    };
    // One key, so one partition: the order of handling is observable.
    DomainEvent before = DomainEvent.of("PaymentApproved", "order-9", new JsonObject());
    DomainEvent poison = DomainEvent.of("PaymentPoison", "order-9", new JsonObject().put("poison", true));
    DomainEvent after = DomainEvent.of("PaymentRefunded", "order-9", new JsonObject());

    Topics.create(vertx, config, List.of(topic))
      .compose(v -> sendAll(List.of(before, poison), topic))
      .compose(v -> producer.send(KafkaProducerRecord.create(topic, "order-9", "{not json")))
      .compose(v -> sendAll(List.of(after), topic))
      .compose(v -> consumer(vertx, name, topic, handler).start())
      .compose(v -> awaitCommitted(vertx, name, 4))
      .compose(v -> TopicReader.read(vertx, bootstrap(), Topics.dlq(topic), 2, Duration.ofSeconds(20),
        Duration.ofMillis(200)))
      .compose(parked -> pool.query("SELECT count(*) FROM test_effects").execute().map(rows -> {
        ctx.verify(() -> {
          assertThat(calls).containsExactly("PaymentApproved", "PaymentPoison", "PaymentPoison", "PaymentPoison",
            "PaymentRefunded");
          // consumerMaxAttempts = 3 and consumerRetryBackoffMs = 100 in the test configuration: waits of 100, 200 ms.
          assertThat(attempts).hasSize(3);
          assertThat(Duration.ofNanos(attempts.get(1) - attempts.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(100));
          assertThat(Duration.ofNanos(attempts.get(2) - attempts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
          assertThat(rows.iterator().next().getLong(0)).as("effects of the healthy events").isEqualTo(2);

          assertThat(parked).hasSize(2);
          KafkaConsumerRecord<String, String> parkedPoison = parked.get(0);
          assertThat(parkedPoison.key()).isEqualTo("order-9");
          assertThat(DomainEvent.fromJson(parkedPoison.value())).isEqualTo(poison);
          Map<String, String> headers = headers(parkedPoison);
          assertThat(headers.get(EventDelivery.ERROR_HEADER)).contains("provider exploded");
          assertThat(headers).containsEntry(EventDelivery.ATTEMPTS_HEADER, "3")
            .containsEntry(EventDelivery.CONSUMER_HEADER, name)
            .containsEntry(EventDelivery.SOURCE_HEADER, topic + "/" + parkedPoison.partition() + "@1");
          // An unreadable record cannot get better by retrying: parked at once.
          KafkaConsumerRecord<String, String> parkedGarbage = parked.get(1);
          assertThat(parkedGarbage.value()).isEqualTo("{not json");
          assertThat(headers(parkedGarbage)).containsEntry(EventDelivery.ATTEMPTS_HEADER, "0");
        });
        return rows;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a handler of one event type gets only those events; the others are passed over without a trace in "
    + "processed_events, and the consumer commits past them")
  void otherTypesArePassedOver(Vertx vertx, VertxTestContext ctx) {
    String topic = TestServers.uniqueName("orders");
    String name = "test.one-type";
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    EventHandler paidOnly = EventHandler.forType("OrderPaid", (conn, event) -> {
      seen.add(event.type());
      return conn.preparedQuery(EFFECT).execute(Tuple.of(event.eventId(), event.key())).mapEmpty();
    });
    List<DomainEvent> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      events.add(DomainEvent.of(i % 3 == 0 ? "OrderPaid" : "OrderCreated", "order-" + i, new JsonObject()));
    }
    Topics.create(vertx, config, List.of(topic))
      .compose(v -> sendAll(events, topic))
      .compose(v -> consumer(vertx, name, topic, paidOnly).start())
      .compose(v -> awaitCommitted(vertx, name, 30))
      .compose(v -> pool.preparedQuery("SELECT count(*) FROM processed_events WHERE consumer = $1")
        .execute(Tuple.of(name)))
      .compose(recorded -> pool.query("SELECT count(*) FROM test_effects").execute()
        .map(effects -> new long[] {recorded.iterator().next().getLong(0), effects.iterator().next().getLong(0)}))
      .onComplete(ctx.succeeding(counts -> ctx.verify(() -> {
        assertThat(seen).hasSize(10).containsOnly("OrderPaid");
        assertThat(counts[0]).as("events recorded as handled").isEqualTo(10);
        assertThat(counts[1]).as("effects").isEqualTo(10);
        ctx.completeNow();
      })));
  }

  private EventConsumer consumer(Vertx vertx, String name, String topic, EventHandler handler) {
    EventConsumer consumer = new EventConsumer(vertx, pool, config, name, List.of(topic), handler);
    consumers.add(consumer);
    return consumer;
  }

  private Future<Void> sendAll(List<DomainEvent> events, String topic) {
    Future<Void> chain = Future.succeededFuture();
    for (DomainEvent event : events) {
      chain = chain.compose(v -> producer.send(KafkaProducerRecord.create(topic, event.key(), event.toJson().encode()))
        .mapEmpty());
    }
    return chain;
  }

  private Future<Void> awaitCommitted(Vertx vertx, String group, long records) {
    return Eventually.until(vertx, Duration.ofSeconds(20), group + " to commit " + records + " records",
      () -> GroupOffsets.committed(vertx, bootstrap(), group).map(sum -> sum == records));
  }

  private static Map<String, String> headers(KafkaConsumerRecord<String, String> record) {
    return record.headers().stream().collect(Collectors.toMap(KafkaHeader::key, h -> h.value().toString()));
  }

  private String bootstrap() {
    return config.getJsonObject("kafka").getString("bootstrapServers");
  }
}
