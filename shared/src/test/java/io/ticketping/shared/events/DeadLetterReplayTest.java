package io.ticketping.shared.events;

import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class DeadLetterReplayTest {

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
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  @DisplayName("an event parked while its handler was broken, replayed with no consumer running, is applied exactly "
    + "once when the consumer starts; a second replay republishes nothing, and an unreadable letter is left out")
  void replayOnce(Vertx vertx, VertxTestContext ctx) {
    String topic = TestServers.uniqueName("payments");
    String dlq = Topics.dlq(topic);
    String name = "test.replay";
    AtomicBoolean broken = new AtomicBoolean(true);
    EventHandler handler = (conn, event) -> {
      if (broken.get() && event.type().equals("PaymentApproved")) {
        throw new IllegalArgumentException("no order for this payment");
      }
      return conn.preparedQuery(EFFECT).execute(Tuple.of(event.eventId(), event.key())).mapEmpty();
    };
    DomainEvent approved = DomainEvent.of("PaymentApproved", "order-5", new JsonObject().put("amount", 70_000));
    DomainEvent healthy = DomainEvent.of("PaymentDeclined", "order-6", new JsonObject());
    DeadLetterReplay replay = new DeadLetterReplay(vertx, config);
    EventConsumer broke = consumer(vertx, name, topic, handler);
    EventConsumer fixed = consumer(vertx, name, topic, handler);

    Topics.create(vertx, config, List.of(topic))
      .compose(v -> send(topic, approved.key(), approved.toJson().encode()))
      .compose(v -> send(topic, "order-7", "{not json"))
      .compose(v -> send(topic, healthy.key(), healthy.toJson().encode()))
      .compose(v -> broke.start())
      .compose(v -> awaitCommitted(vertx, name, 3))
      .compose(v -> broke.stop())
      .compose(v -> TopicEnds.total(vertx, bootstrap(), dlq))
      .compose(parked -> {
        ctx.verify(() -> assertThat(parked).as("letters on " + dlq).isEqualTo(2));
        broken.set(false);
        return replay.replay(List.of(topic));
      })
      .compose(first -> {
        ctx.verify(() -> assertThat(first).containsExactly(new DeadLetterReplay.Result(topic, 1, 1)));
        return fixed.start();
      })
      .compose(v -> awaitCommitted(vertx, name, 4))
      .compose(v -> replay.replay(topic))
      .compose(second -> {
        ctx.verify(() -> assertThat(second).isEqualTo(new DeadLetterReplay.Result(topic, 0, 0)));
        // Long enough for a duplicate, had there been one, to be handled.
        return vertx.timer(1000);
      })
      .compose(v -> TopicReader.read(vertx, bootstrap(), topic, 4, Duration.ofSeconds(20), Duration.ofMillis(300)))
      .compose(records -> effects(approved).compose(approvedEffects -> effects(healthy).map(healthyEffects -> {
        ctx.verify(() -> {
          assertThat(records).as("records on " + topic + ": three published, one replayed").hasSize(4);
          // The replayed record is the parked one unchanged: same key (so the same partition), same value.
          List<KafkaConsumerRecord<String, String>> ofOrder = records.stream()
            .filter(r -> approved.key().equals(r.key())).toList();
          assertThat(ofOrder).hasSize(2);
          assertThat(ofOrder).allSatisfy(r -> assertThat(r.value()).isEqualTo(approved.toJson().encode()));
          assertThat(ofOrder.get(1).partition()).isEqualTo(ofOrder.get(0).partition());
          assertThat(approvedEffects).as("effects of the replayed event").isEqualTo(1);
          assertThat(healthyEffects).as("effects of the healthy event").isEqualTo(1);
        });
        return null;
      })))
      .onComplete(ctx.succeedingThenComplete());
  }

  private EventConsumer consumer(Vertx vertx, String name, String topic, EventHandler handler) {
    EventConsumer consumer = new EventConsumer(vertx, pool, config, name, List.of(topic), handler);
    consumers.add(consumer);
    return consumer;
  }

  private Future<Void> send(String topic, String key, String value) {
    return producer.send(KafkaProducerRecord.create(topic, key, value)).mapEmpty();
  }

  private Future<Long> effects(DomainEvent event) {
    return pool.preparedQuery("SELECT count(*) FROM test_effects WHERE event_id = $1")
      .execute(Tuple.of(event.eventId()))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  private Future<Void> awaitCommitted(Vertx vertx, String group, long records) {
    return Eventually.until(vertx, Duration.ofSeconds(20), group + " to commit " + records + " records",
      () -> GroupOffsets.committed(vertx, bootstrap(), group).map(sum -> sum == records));
  }

  private String bootstrap() {
    return config.getJsonObject("kafka").getString("bootstrapServers");
  }
}
