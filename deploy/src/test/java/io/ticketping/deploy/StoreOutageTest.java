package io.ticketping.deploy;

import io.ticketping.shared.events.Topics;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paid order ends PAID with its seats SOLD whatever happens to Redis, Kafka or PostgreSQL right after the approval,
 * and nothing is dead-lettered for an outage: only PostgreSQL decides the sale, the seat map follows, and consumers
 * wait for their infrastructure instead of parking good events.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class StoreOutageTest {

  @Test
  @DisplayName("Redis killed right after an approval and back with its data 10 s later: PAID and SOLD within 30 s, "
    + "nothing dead-lettered")
  void redisKilled(Vertx vertx) throws Exception {
    SystemFixture sys = SystemFixture.start(vertx);
    Purchase p = Purchase.approved(sys, "redis-killed@example.com");
    // Saved and gone in one step: it comes back with exactly what it held when it died.
    TestServers.get().redisCommand("SHUTDOWN SAVE");
    TestServers.get().redis().stop();
    try {
      Thread.sleep(10_000);
    } finally {
      TestServers.get().redis().start();
    }
    assertPaidAndSold(sys, p, 30);
  }

  @Test
  @DisplayName("Redis paused for 10 s (CLIENT PAUSE) right after an approval: PAID and SOLD within 30 s, nothing "
    + "dead-lettered")
  void redisPaused(Vertx vertx) throws Exception {
    SystemFixture sys = SystemFixture.start(vertx);
    Purchase p = Purchase.approved(sys, "redis-paused@example.com");
    TestServers.get().redisCommand("CLIENT PAUSE 10000 ALL");
    Thread.sleep(10_000);
    assertPaidAndSold(sys, p, 30);
  }

  @Test
  @DisplayName("the Kafka broker stopped for 20 s right after an approval: PAID and SOLD after it returns, nothing "
    + "dead-lettered")
  void kafkaStopped(Vertx vertx) throws Exception {
    SystemFixture sys = SystemFixture.start(vertx);
    Purchase p = Purchase.approved(sys, "kafka-stopped@example.com");
    TestServers.get().kafka().stop();
    try {
      // Three times the tests' producer delivery timeout: the relay's sends time out and are retried meanwhile.
      Thread.sleep(20_000);
    } finally {
      TestServers.get().kafka().start();
    }
    assertPaidAndSold(sys, p, 60);
  }

  @Test
  @DisplayName("PostgreSQL failing while seats are held: the hold is refused and its seats are free in Redis at once")
  void postgresFailsWhileHolding(Vertx vertx) {
    SystemFixture sys = SystemFixture.start(vertx);
    Purchase p = new Purchase(sys);
    sys.demoShow(5).compose(p::show).await();
    p.buyer(sys.user("pg-down@example.com").await()).await();
    p.pickFirstSeat().await();
    // The hold's one statement fails as if PostgreSQL had gone away mid-hold.
    sys.db.query("ALTER FUNCTION hold_seats RENAME TO hold_seats_away").execute().await();
    try {
      HttpResponse<Buffer> refused = p.hold().await();
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isGreaterThanOrEqualTo(500);
      assertThat(p.seatStatus().await()).as("the seat in the Redis map, at once").isEqualTo("AVAILABLE");
    } finally {
      sys.db.query("ALTER FUNCTION hold_seats_away RENAME TO hold_seats").execute().await();
    }
    HttpResponse<Buffer> held = p.hold().await();
    assertThat(held.statusCode()).as("the same seat, once PostgreSQL is back: " + held.bodyAsString()).isEqualTo(201);
  }

  private static void assertPaidAndSold(SystemFixture sys, Purchase p, int seconds) {
    JsonObject order = sys.eventually(p::order, o -> "PAID".equals(o.getString("status")), seconds).await();
    assertThat(order.getString("status")).isEqualTo("PAID");
    assertThat(sys.seatStatus(p.seatId).await()).as("PostgreSQL seat").isEqualTo("SOLD");
    assertThat(sys.eventually(p::seatStatus, "SOLD"::equals, seconds).await()).as("Redis seat map").isEqualTo("SOLD");
    assertThat(TopicRecords.read(sys.vertx, sys.config, Set.of(Topics.dlq(Topics.PAYMENT_EVENTS),
      Topics.dlq(Topics.ORDER_EVENTS)), p.orderId).await()).as("dead-lettered events of the order").isEmpty();
  }
}
