package io.ticketping.shared.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;

import java.util.Map;

/** What a consumer group has committed, read through the admin API: the test's proof that a consumer moved on. */
final class GroupOffsets {

  private GroupOffsets() {
  }

  /** The sum of the committed offsets of {@code group} over all partitions (= records consumed, from offset 0). */
  static Future<Long> committed(Vertx vertx, String bootstrapServers, String group) {
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, Map.of("bootstrap.servers", bootstrapServers));
    return admin.listConsumerGroupOffsets(group)
      .map(offsets -> offsets.values().stream().mapToLong(OffsetAndMetadata::getOffset).sum())
      .eventually(admin::close);
  }
}
