package io.ticketping.shared.events;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads a topic from its beginning in a throw-away consumer group, as a test's independent witness. */
final class TopicReader {

  private TopicReader() {
  }

  /**
   * Every record of {@code topic} once at least {@code expected} arrived, plus whatever else arrives within
   * {@code settle} after that (so that a duplicate would show); fails when fewer than {@code expected} arrive in time.
   */
  static Future<List<KafkaConsumerRecord<String, String>>> read(Vertx vertx, String bootstrapServers, String topic,
                                                                 int expected, Duration timeout, Duration settle) {
    Promise<List<KafkaConsumerRecord<String, String>>> done = Promise.promise();
    // One context for the consumer, its handler and the timers, so the record list is only touched by one thread.
    vertx.getOrCreateContext().runOnContext(v -> {
      KafkaConsumer<String, String> consumer = KafkaConsumer.create(vertx, Map.of(
        "bootstrap.servers", bootstrapServers,
        "group.id", "reader-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest",
        "enable.auto.commit", "false",
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"));
      List<KafkaConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = vertx.setTimer(timeout.toMillis(), id -> done.tryFail(
        new AssertionError("only " + records.size() + " of " + expected + " records arrived on " + topic)));
      consumer.handler(record -> {
        records.add(record);
        if (records.size() == expected) {
          vertx.cancelTimer(deadline);
          vertx.setTimer(Math.max(1, settle.toMillis()), id -> done.tryComplete(List.copyOf(records)));
        }
      });
      consumer.subscribe(topic).onFailure(done::tryFail);
      done.future().onComplete(ar -> consumer.close());
    });
    return done.future();
  }
}
