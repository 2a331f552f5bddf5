package io.ticketping.shared.events;

import io.ticketping.shared.devservices.KafkaServer;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A broker of its own (the shared one stays up for the other tests), stopped and restarted on the same port. */
@ExtendWith(VertxExtension.class)
class OutboxRelayOutageTest {

  private static Path dir;
  private static KafkaServer broker;

  @BeforeAll
  static void startBroker() throws IOException {
    dir = Files.createTempDirectory("ticketping-kafka-outage-");
    // Persistent: the restarted broker must still have the topic and what was published before the outage.
    broker = new KafkaServer(TestServers.freePort(), TestServers.freePort(), dir, true).start();
  }

  @AfterAll
  static void stopBroker() {
    broker.stop();
    KafkaServer.deleteDirectory(dir);
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  @DisplayName("while the broker is down the relay keeps new rows unsent, and once the broker is back on the same port "
    + "it publishes them: nothing is lost")
  void brokerOutage(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().reset();
    JsonObject config = TestServers.get().config();
    config.getJsonObject("kafka").put("bootstrapServers", broker.bootstrapServers());
    Pool pool = PgPools.create(vertx, config);
    String topic = TestServers.uniqueName("outage");
    OutboxRelay relay = new OutboxRelay(vertx, pool, config);
    List<DomainEvent> appended = new ArrayList<>();

    Outbox.migrate(vertx, config)
      .compose(v -> Topics.create(vertx, config, List.of(topic)))
      .compose(v -> relay.start())
      .compose(v -> append(pool, topic, 10, appended))
      .compose(v -> untilBacklogEmpty(vertx, relay))
      .compose(v -> vertx.executeBlocking(() -> {
        broker.stop();
        return null;
      }))
      .compose(v -> append(pool, topic, 20, appended))
      // Several relay polls and more than one delivery timeout (6 s in the test configuration) with no broker.
      .compose(v -> vertx.timer(7000))
      .compose(v -> relay.backlog())
      .compose(down -> {
        ctx.verify(() -> assertThat(down.unsent()).as("rows unsent while the broker is down").isEqualTo(20));
        return vertx.executeBlocking(() -> broker.start());
      })
      .compose(v -> untilBacklogEmpty(vertx, relay))
      .compose(v -> TopicReader.read(vertx, broker.bootstrapServers(), topic, 30, Duration.ofSeconds(30),
        Duration.ofMillis(500)))
      .eventually(relay::stop)
      .onComplete(ctx.succeeding(records -> ctx.verify(() -> {
        Set<String> published = records.stream().map(r -> DomainEvent.fromJson(r.value()).eventId())
          .collect(Collectors.toSet());
        assertThat(published).containsExactlyInAnyOrderElementsOf(
          appended.stream().map(DomainEvent::eventId).toList());
        ctx.completeNow();
      })));
  }

  private static Future<Void> append(Pool pool, String topic, int count, List<DomainEvent> appended) {
    return pool.withTransaction(conn -> {
      List<Future<Void>> appends = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        DomainEvent event = DomainEvent.of(EventTypes.ORDER_CREATED, "order-" + appended.size(), new JsonObject());
        appended.add(event);
        appends.add(Outbox.append(conn, topic, event));
      }
      return Future.all(appends).mapEmpty();
    });
  }

  private static Future<Void> untilBacklogEmpty(Vertx vertx, OutboxRelay relay) {
    return Eventually.until(vertx, Duration.ofSeconds(45), "the relay to publish every row",
      () -> relay.backlog().map(b -> b.unsent() == 0));
  }
}
