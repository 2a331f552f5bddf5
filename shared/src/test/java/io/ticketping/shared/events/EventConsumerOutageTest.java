package io.ticketping.shared.events;

import io.micrometer.core.instrument.Counter;
import io.ticketping.shared.observability.MetricNames;
import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.redis.RedisClients;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer whose infrastructure fails waits for it instead of dead-lettering good events, keeps its partitions in
 * order while it waits, and still parks poison events. Runs on a Vert.x with metrics, so that the dead-letter counter
 * really counts. With the test configuration's consumerMaxAttempts 3 and backoff 100 to 1000 ms, every attempt at a
 * poison event is over within a third of a second.
 */
@ExtendWith(VertxExtension.class)
class EventConsumerOutageTest {

  private static final String EFFECT = "INSERT INTO test_effects (event_id, order_id) VALUES ($1, $2)";
  private static final int MAX_ATTEMPTS = 3;

  private Vertx vertx;
  private JsonObject config;
  private Pool pool;
  private KafkaProducer<String, String> producer;
  private final List<EventConsumer> consumers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    TestServers servers = TestServers.get();
    servers.kafka();
    servers.reset();
    config = servers.config();
    assertThat(config.getJsonObject("kafka").getInteger("consumerMaxAttempts")).isEqualTo(MAX_ATTEMPTS);
    vertx = Vertx.builder().with(MetricsSetup.withMetrics(new VertxOptions(), config)).build();
    pool = PgPools.create(vertx, config);
    Outbox.migrate(vertx, config).await();
    // No unique key on purpose: an effect applied twice shows up as two rows.
    pool.query("CREATE TABLE IF NOT EXISTS test_effects (event_id text NOT NULL, order_id text NOT NULL)").execute()
      .await();
    producer = KafkaProducer.create(vertx, KafkaSettings.reliableProducer(config));
  }

  @AfterEach
  void tearDown() {
    // A test that failed half-way must not leave the next one without Redis.
    TestServers.get().redis().start();
    consumers.forEach(c -> c.stop().await());
    producer.close().await();
    vertx.close().await();
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  @DisplayName("while Redis is down for five seconds (longer than all attempts at a poison event take) a payment "
    + "approval is retried, not dead-lettered, and applied exactly once when Redis is back")
  void redisOutageIsWaitedOut(VertxTestContext ctx) {
    TestServers servers = TestServers.get();
    String topic = TestServers.uniqueName("payments");
    String name = "test.redis-outage";
    Redis redis = RedisClients.create(vertx, config);
    AtomicInteger failures = new AtomicInteger();
    // The effect's Redis write comes first, as the queue's slot release does: with Redis away the handler fails.
    EventHandler handler = (conn, event) -> redis.send(Request.cmd(Command.INCR).arg("applied:" + event.eventId()))
      .recover(e -> {
        failures.incrementAndGet();
        return Future.failedFuture(e);
      })
      .compose(count -> conn.preparedQuery(EFFECT).execute(Tuple.of(event.eventId(), event.key())))
      .mapEmpty();
    DomainEvent approved = DomainEvent.of(EventTypes.PAYMENT_APPROVED, "order-1", new JsonObject().put("amount", 50_000));
    long[] stoppedAt = new long[1];

    Topics.create(vertx, config, List.of(topic))
      .compose(v -> consumer(name, topic, handler).start())
      .compose(v -> vertx.executeBlocking(() -> {
        servers.redis().stop();
        stoppedAt[0] = System.nanoTime();
        return null;
      }))
      .compose(v -> send(topic, null, approved))
      .compose(v -> Eventually.until(vertx, Duration.ofSeconds(20), "more failures than attempts at a poison event",
        () -> Future.succeededFuture(failures.get() > MAX_ATTEMPTS)))
      .compose(v -> vertx.timer(Math.max(1, 5000 - elapsedMillis(stoppedAt[0]))))
      .compose(v -> effects(approved).compose(applied -> TopicEnds.total(vertx, bootstrap(), Topics.dlq(topic))
        .map(parked -> {
          ctx.verify(() -> {
            assertThat(applied).as("effects while Redis is down").isZero();
            assertThat(parked).as("records on the dead-letter topic while Redis is down").isZero();
          });
          return null;
        })))
      .compose(v -> vertx.executeBlocking(() -> servers.redis().start()))
      .compose(v -> awaitCommitted(name, 1))
      .compose(v -> effects(approved))
      .compose(applied -> redis.send(Request.cmd(Command.GET).arg("applied:" + approved.eventId()))
        .compose(incremented -> TopicEnds.total(vertx, bootstrap(), Topics.dlq(topic)).map(parked -> {
          ctx.verify(() -> {
            assertThat(failures.get()).as("attempts that failed while Redis was down").isGreaterThan(MAX_ATTEMPTS);
            assertThat(applied).as("effects in PostgreSQL").isEqualTo(1);
            // Redis came back empty (the test server keeps nothing): one increment means one successful attempt.
            assertThat(incremented).as("Redis writes after the restart").isNotNull();
            assertThat(incremented.toInteger()).isEqualTo(1);
            assertThat(parked).as("records on the dead-letter topic").isZero();
            assertThat(deadLettered(name, topic).count()).isZero();
          });
          return null;
        })))
      .eventually(redis::close)
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("an event its handler rejects with IllegalArgumentException is still parked on the .dlq after "
    + "consumerMaxAttempts, counted, and the partition goes on")
  void poisonIsStillParked(VertxTestContext ctx) {
    String topic = TestServers.uniqueName("payments");
    String name = "test.poison-parked";
    AtomicInteger poisonCalls = new AtomicInteger();
    EventHandler handler = (conn, event) -> {
      if (event.payload().containsKey("amount")) {
        return conn.preparedQuery(EFFECT).execute(Tuple.of(event.eventId(), event.key())).mapEmpty();
      }
      poisonCalls.incrementAndGet();
      throw new IllegalArgumentException("amount missing");
    };
    DomainEvent poison = DomainEvent.of(EventTypes.PAYMENT_APPROVED, "order-2", new JsonObject());
    DomainEvent next = DomainEvent.of(EventTypes.PAYMENT_APPROVED, "order-2", new JsonObject().put("amount", 10));

    Topics.create(vertx, config, List.of(topic))
      .compose(v -> send(topic, null, poison))
      .compose(v -> send(topic, null, next))
      .compose(v -> consumer(name, topic, handler).start())
      .compose(v -> awaitCommitted(name, 2))
      .compose(v -> TopicReader.read(vertx, bootstrap(), Topics.dlq(topic), 1, Duration.ofSeconds(20),
        Duration.ofMillis(300)))
      .compose(parked -> effects(next).map(applied -> {
        ctx.verify(() -> {
          assertThat(poisonCalls.get()).isEqualTo(MAX_ATTEMPTS);
          assertThat(parked).hasSize(1);
          assertThat(DomainEvent.fromJson(parked.get(0).value())).isEqualTo(poison);
          Map<String, String> headers = headers(parked.get(0));
          assertThat(headers).containsEntry(EventDelivery.ATTEMPTS_HEADER, String.valueOf(MAX_ATTEMPTS));
          assertThat(headers.get(EventDelivery.ERROR_HEADER)).contains("IllegalArgumentException", "amount missing");
          assertThat(applied).as("effect of the event after the poison one").isEqualTo(1);
          assertThat(deadLettered(name, topic).count()).isEqualTo(1.0);
        });
        return null;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("a transient failure longer than the retry budget lets the consumer poll again (other partitions go "
    + "on) while its own partition waits: the next event of that partition is applied only after the stuck one")
  void budgetKeepsOrder(VertxTestContext ctx) {
    config.getJsonObject("kafka").put("consumerTransientRetryBudgetMs", 1000);
    String topic = TestServers.uniqueName("payments");
    String name = "test.budget";
    AtomicBoolean outage = new AtomicBoolean(true);
    AtomicInteger stuckFailures = new AtomicInteger();
    List<String> applied = Collections.synchronizedList(new ArrayList<>());
    EventHandler handler = (conn, event) -> {
      String label = event.payload().getString("label");
      if (label.equals("stuck") && outage.get()) {
        stuckFailures.incrementAndGet();
        return Future.failedFuture(new TransientFailure("payment store unavailable"));
      }
      return conn.preparedQuery(EFFECT).execute(Tuple.of(event.eventId(), event.key()))
        .map(rows -> {
          applied.add(label);
          return null;
        });
    };
    DomainEvent first = event("order-3", "first");
    DomainEvent stuck = event("order-3", "stuck");
    DomainEvent after = event("order-3", "after");
    DomainEvent elsewhere = event("order-4", "elsewhere");

    Topics.create(vertx, config, List.of(topic))
      .compose(v -> send(topic, 0, first))
      .compose(v -> send(topic, 0, stuck))
      .compose(v -> send(topic, 0, after))
      .compose(v -> consumer(name, topic, handler).start())
      .compose(v -> Eventually.until(vertx, Duration.ofSeconds(20), "the stuck event to fail",
        () -> Future.succeededFuture(stuckFailures.get() > 0)))
      // Published while partition 0 is stuck: only a consumer that polls again ever sees it.
      .compose(v -> send(topic, 1, elsewhere))
      .compose(v -> Eventually.until(vertx, Duration.ofSeconds(10), "the event of another partition to be applied",
        () -> Future.succeededFuture(applied.contains("elsewhere"))))
      .compose(v -> GroupOffsets.byPartition(vertx, bootstrap(), name))
      .compose(committed -> {
        ctx.verify(() -> {
          assertThat(outage.get()).isTrue();
          assertThat(applied).containsExactlyInAnyOrder("first", "elsewhere");
          assertThat(committed).as("committed offsets").containsEntry(new TopicPartition(topic, 0), 1L);
        });
        // Longer than the budget again: the stuck event is retried across polls, and the next one still waits.
        return vertx.timer(1500);
      })
      .compose(v -> {
        ctx.verify(() -> {
          assertThat(applied).containsExactlyInAnyOrder("first", "elsewhere");
          assertThat(stuckFailures.get()).isGreaterThan(MAX_ATTEMPTS);
        });
        outage.set(false);
        return awaitCommitted(name, 4);
      })
      .compose(v -> TopicEnds.total(vertx, bootstrap(), Topics.dlq(topic)))
      .compose(parked -> effects(stuck).map(stuckApplied -> {
        ctx.verify(() -> {
          assertThat(applied).hasSize(4);
          assertThat(applied.indexOf("first")).isLessThan(applied.indexOf("stuck"));
          assertThat(applied.indexOf("stuck")).isLessThan(applied.indexOf("after"));
          assertThat(stuckApplied).as("effects of the stuck event").isEqualTo(1);
          assertThat(parked).as("records on the dead-letter topic").isZero();
          assertThat(deadLettered(name, topic).count()).isZero();
        });
        return null;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  private static DomainEvent event(String key, String label) {
    return DomainEvent.of(EventTypes.PAYMENT_APPROVED, key, new JsonObject().put("label", label));
  }

  private EventConsumer consumer(String name, String topic, EventHandler handler) {
    EventConsumer consumer = new EventConsumer(vertx, pool, config, name, List.of(topic), handler);
    consumers.add(consumer);
    return consumer;
  }

  /** Publishes {@code event} to {@code partition}, or by its key when null. */
  private Future<Void> send(String topic, Integer partition, DomainEvent event) {
    return producer.send(KafkaProducerRecord.create(topic, event.key(), event.toJson().encode(), partition))
      .mapEmpty();
  }

  private Future<Long> effects(DomainEvent event) {
    return pool.preparedQuery("SELECT count(*) FROM test_effects WHERE event_id = $1")
      .execute(Tuple.of(event.eventId()))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  private Counter deadLettered(String name, String topic) {
    Counter counter = MetricsSetup.registry(vertx).find(MetricNames.EVENTS_DEAD_LETTERED)
      .tags("consumer", name, "topic", topic).counter();
    assertThat(counter).as("dead-letter counter of %s", name).isNotNull();
    return counter;
  }

  private Future<Void> awaitCommitted(String group, long records) {
    return Eventually.until(vertx, Duration.ofSeconds(20), group + " to commit " + records + " records",
      () -> GroupOffsets.committed(vertx, bootstrap(), group).map(sum -> sum == records));
  }

  private static long elapsedMillis(long sinceNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
  }

  private static Map<String, String> headers(KafkaConsumerRecord<String, String> record) {
    return record.headers().stream().collect(Collectors.toMap(KafkaHeader::key, h -> h.value().toString()));
  }

  private String bootstrap() {
    return config.getJsonObject("kafka").getString("bootstrapServers");
  }
}
