package io.ticketping.deploy;

import io.ticketping.shared.events.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Every record on some topics, read from their beginning by a throw-away consumer group: a test's witness. */
final class TopicRecords {

  private TopicRecords() {
  }

  /** The records of {@code topics} (all of them, or those with {@code key} when it is not null). */
  static Future<List<KafkaConsumerRecord<String, String>>> read(Vertx vertx, JsonObject config, Set<String> topics,
                                                                String key) {
    Map<String, String> consumerConfig = new HashMap<>(KafkaSettings.manualCommitConsumer(config,
      "witness-" + UUID.randomUUID()));
    consumerConfig.put("auto.offset.reset", "earliest");
    KafkaConsumer<String, String> consumer = KafkaConsumer.create(vertx, consumerConfig);
    List<KafkaConsumerRecord<String, String>> records = new ArrayList<>();
    return consumer.subscribe(topics)
      .compose(v -> drain(consumer, records, 0))
      .map(v -> records.stream().filter(r -> key == null || key.equals(r.key())).toList())
      .eventually(consumer::close);
  }

  /** Polls until two polls in a row bring nothing new. */
  private static Future<Void> drain(KafkaConsumer<String, String> consumer,
                                    List<KafkaConsumerRecord<String, String>> into, int emptyPolls) {
    if (emptyPolls >= 2) {
      return Future.succeededFuture();
    }
    return consumer.poll(Duration.ofMillis(1500)).compose(batch -> {
      for (int i = 0; i < batch.size(); i++) {
        into.add(batch.recordAt(i));
      }
      return drain(consumer, into, batch.isEmpty() ? emptyPolls + 1 : 0);
    });
  }
}
