package io.ticketping.shared.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/** What a consumer group has committed, read through the admin API: the test's proof that a consumer moved on. */
public final class GroupOffsets {

  private GroupOffsets() {
  }

  /** The sum of the committed offsets of {@code group} over all partitions (= records consumed, from offset 0). */
  public static Future<Long> committed(Vertx vertx, String bootstrapServers, String group) {
    return byPartition(vertx, bootstrapServers, group)
      .map(offsets -> offsets.values().stream().mapToLong(Long::longValue).sum());
  }

  /**
   * The committed offset of {@code group} in each partition it has committed in: the offset of the next record it will
   * read there, so every record below it has been handled.
   */
  public static Future<Map<TopicPartition, Long>> byPartition(Vertx vertx, String bootstrapServers, String group) {
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, Map.of("bootstrap.servers", bootstrapServers));
    return admin.listConsumerGroupOffsets(group)
      .map(offsets -> {
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> committed.put(partition, offset.getOffset()));
        return committed;
      })
      .eventually(admin::close);
  }
}
