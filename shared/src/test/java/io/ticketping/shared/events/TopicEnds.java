package io.ticketping.shared.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.ListOffsetsResultInfo;
import io.vertx.kafka.admin.OffsetSpec;
import io.vertx.kafka.client.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How many records a topic has ever held (the sum of its partitions' end offsets), read through the admin API. */
final class TopicEnds {

  private TopicEnds() {
  }

  static Future<Long> total(Vertx vertx, String bootstrapServers, String topic) {
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, Map.of("bootstrap.servers", bootstrapServers));
    return admin.describeTopics(List.of(topic))
      .compose(described -> {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.get(topic).getPartitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.getPartition()), OffsetSpec.LATEST));
        return admin.listOffsets(latest);
      })
      .map(ends -> ends.values().stream().mapToLong(ListOffsetsResultInfo::getOffset).sum())
      .eventually(admin::close);
  }
}
