package io.ticketping.deploy;

import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.events.EventTypes;
import io.ticketping.shared.events.Topics;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterReplayCommandTest {

  private static final String FLAG = DeadLetterReplayCommand.FLAG;

  @Test
  @DisplayName("with no topic named every event topic is replayed; named topics are taken up to the next option, "
    + "a .dlq name standing for its event topic")
  void topics() {
    assertThat(DeadLetterReplayCommand.topics(List.of(FLAG))).containsExactly(Topics.PAYMENT_EVENTS,
      Topics.ORDER_EVENTS);
    assertThat(DeadLetterReplayCommand.topics(List.of(FLAG, "--dev"))).containsExactly(Topics.PAYMENT_EVENTS,
      Topics.ORDER_EVENTS);
    assertThat(DeadLetterReplayCommand.topics(List.of("--dev", FLAG, "order.events.dlq", "order.events", "x", "--y")))
      .containsExactly(Topics.ORDER_EVENTS, "x");
  }

  @Test
  @DisplayName("the command replays a parked event onto its topic, prints how many per topic and exits with 0; run "
    + "again it replays nothing")
  void replays() throws Exception {
    TestServers.get().kafka();
    JsonObject config = TestServers.get().config();
    String topic = TestServers.uniqueName("payments");
    Vertx vertx = Vertx.vertx();
    try {
      Topics.create(vertx, config, List.of(topic, Topics.dlq(topic))).await();
    } finally {
      vertx.close().await();
    }
    DomainEvent parked = DomainEvent.of(EventTypes.PAYMENT_APPROVED, "order-1", new JsonObject());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
      "bootstrap.servers", config.getJsonObject("kafka").getString("bootstrapServers")),
      new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.dlq(topic), parked.key(), parked.toJson().encode()))
        .get(20, TimeUnit.SECONDS);
    }

    Run first = run(config, topic);
    Run second = run(config, topic);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo(topic + ": 1 replayed from " + topic + ".dlq\n");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).isEqualTo(topic + ": 0 replayed from " + topic + ".dlq\n");
  }

  private record Run(int exitCode, String out, String err) {
  }

  private static Run run(JsonObject config, String topic) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = DeadLetterReplayCommand.run(config, List.of(FLAG, topic),
      new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
