package io.ticketping.shared.events;

import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class DeadLetterReplayTest {

  private ConsumerBench bench;

  @BeforeEach
  void setUp(Vertx vertx) {
    bench = ConsumerBench.open(vertx);
  }

  @AfterEach
  void tearDown() {
    bench.close();
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
      if (broken.get() && event.type().equals(EventTypes.PAYMENT_APPROVED)) {
        throw new IllegalArgumentException("no order for this payment");
      }
      return conn.preparedQuery(ConsumerBench.EFFECT).execute(Tuple.of(event.eventId(), event.key())).mapEmpty();
    };
    DomainEvent approved = DomainEvent.of(EventTypes.PAYMENT_APPROVED, "order-5",
      new JsonObject().put("amount", 70_000));
    DomainEvent healthy = DomainEvent.of(EventTypes.PAYMENT_DECLINED, "order-6", new JsonObject());
    DeadLetterReplay replay = new DeadLetterReplay(vertx, bench.config);
    EventConsumer broke = bench.consumer(vertx, name, topic, handler);
    EventConsumer fixed = bench.consumer(vertx, name, topic, handler);

    Topics.create(vertx, bench.config, List.of(topic))
      .compose(v -> bench.send(topic, approved.key(), approved.toJson().encode()))
      .compose(v -> bench.send(topic, "order-7", "{not json"))
      .compose(v -> bench.send(topic, healthy.key(), healthy.toJson().encode()))
      .compose(v -> broke.start())
      .compose(v -> bench.awaitCommitted(vertx, name, 3))
      .compose(v -> broke.stop())
      .compose(v -> TopicEnds.total(vertx, bench.bootstrap(), dlq))
      .compose(parked -> {
        ctx.verify(() -> assertThat(parked).as("letters on " + dlq).isEqualTo(2));
        broken.set(false);
        return replay.replay(List.of(topic));
      })
      .compose(first -> {
        ctx.verify(() -> assertThat(first).containsExactly(new DeadLetterReplay.Result(topic, 1, 1)));
        return fixed.start();
      })
      .compose(v -> bench.awaitCommitted(vertx, name, 4))
      .compose(v -> replay.replay(topic))
      .compose(second -> {
        ctx.verify(() -> assertThat(second).isEqualTo(new DeadLetterReplay.Result(topic, 0, 0)));
        // Long enough for a duplicate, had there been one, to be handled.
        return vertx.timer(1000);
      })
      .compose(v -> TopicReader.read(vertx, bench.bootstrap(), topic, 4, Duration.ofSeconds(20),
        Duration.ofMillis(300)))
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

  private Future<Long> effects(DomainEvent event) {
    return bench.pool.preparedQuery("SELECT count(*) FROM test_effects WHERE event_id = $1")
      .execute(Tuple.of(event.eventId()))
      .map(rows -> rows.iterator().next().getLong(0));
  }

}
