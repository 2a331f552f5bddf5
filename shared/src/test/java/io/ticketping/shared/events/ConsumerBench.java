package io.ticketping.shared.events;

import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the event consumer tests stand on: fresh test servers with Kafka, the outbox tables and a {@code test_effects}
 * table for handlers to write to, a producer to publish with, and the consumers a test started (stopped at the end).
 */
final class ConsumerBench {

  /** A handler's effect: one row per application (no unique key, so an effect applied twice shows as two rows). */
  static final String EFFECT = "INSERT INTO test_effects (event_id, order_id) VALUES ($1, $2)";

  final JsonObject config;
  final Pool pool;
  final KafkaProducer<String, String> producer;
  private final List<EventConsumer> consumers = new ArrayList<>();

  private ConsumerBench(JsonObject config, Pool pool, KafkaProducer<String, String> producer) {
    this.config = config;
    this.pool = pool;
    this.producer = producer;
  }

  static ConsumerBench open(Vertx vertx) {
    TestServers servers = TestServers.get();
    servers.kafka();
    servers.reset();
    JsonObject config = servers.config();
    Pool pool = PgPools.create(vertx, config);
    Outbox.migrate(vertx, config).await();
    pool.query("CREATE TABLE IF NOT EXISTS test_effects (event_id text NOT NULL, order_id text NOT NULL)").execute()
      .await();
    return new ConsumerBench(config, pool, KafkaProducer.create(vertx, KafkaSettings.reliableProducer(config)));
  }

  /** Stops every consumer the test made, and the producer. */
  void close() {
    consumers.forEach(c -> c.stop().await());
    producer.close().await();
  }

  /** A consumer over the bench's pool, stopped at {@link #close}. */
  EventConsumer consumer(Vertx vertx, String name, String topic, EventHandler handler) {
    EventConsumer consumer = new EventConsumer(vertx, pool, config, name, List.of(topic), handler);
    consumers.add(consumer);
    return consumer;
  }

  Future<Void> send(String topic, String key, String value) {
    return producer.send(KafkaProducerRecord.create(topic, key, value)).mapEmpty();
  }

  /** Publishes {@code events} one after the other, in order. */
  Future<Void> sendAll(List<DomainEvent> events, String topic) {
    Future<Void> chain = Future.succeededFuture();
    for (DomainEvent event : events) {
      chain = chain.compose(v -> send(topic, event.key(), event.toJson().encode()));
    }
    return chain;
  }

  Future<Void> awaitCommitted(Vertx vertx, String group, long records) {
    return Eventually.until(vertx, Duration.ofSeconds(20), group + " to commit " + records + " records",
      () -> GroupOffsets.committed(vertx, bootstrap(), group).map(sum -> sum == records));
  }

  String bootstrap() {
    return config.getJsonObject("kafka").getString("bootstrapServers");
  }
}
