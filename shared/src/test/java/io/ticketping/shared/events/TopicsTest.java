package io.ticketping.shared.events;

import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.TopicDescription;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class TopicsTest {

  @Test
  @DisplayName("creating the topics from two callers at once and then again succeeds, with the configured partitions")
  void idempotentCreation(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().kafka();
    JsonObject config = TestServers.get().config();
    KafkaAdminClient admin = KafkaAdminClient.create(vertx,
      Map.of("bootstrap.servers", config.getJsonObject("kafka").getString("bootstrapServers")));
    Future.all(Topics.createAll(vertx, config), Topics.createAll(vertx, config))
      .compose(v -> Topics.createAll(vertx, config))
      .compose(v -> admin.describeTopics(Topics.all()))
      .eventually(admin::close)
      .onComplete(ctx.succeeding(topics -> ctx.verify(() -> {
        assertThat(topics.keySet()).containsExactlyInAnyOrder("payment.events", "payment.events.dlq",
          "order.events", "order.events.dlq");
        for (TopicDescription topic : topics.values()) {
          assertThat(topic.getPartitions()).as(topic.getName()).hasSize(3);
        }
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("every event topic's dead-letter topic is its name plus .dlq")
  void deadLetterNames() {
    assertThat(Topics.dlq(Topics.ORDER_EVENTS)).isEqualTo("order.events.dlq");
    assertThat(Topics.dlq(Topics.PAYMENT_EVENTS)).isEqualTo("payment.events.dlq");
  }
}
