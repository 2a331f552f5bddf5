package io.ticketping.booking;

import io.ticketping.shared.breaker.Breakers;
import io.ticketping.shared.breaker.Hop;
import io.ticketping.shared.events.Failures;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.problem.ProblemException;
import io.ticketping.shared.redis.RedisClients;
import io.ticketping.shared.testing.TestServers;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static io.ticketping.shared.testing.Outcomes.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The booking → Redis hop: a seat map whose Redis cannot be reached is refused at once once its breaker is open. */
@ExtendWith(VertxExtension.class)
class SeatMapBreakerTest {

  @Test
  @DisplayName("Redis unreachable: after maxFailures failed calls, seat-map reads and holds fail at once with 503 "
    + "and the reset time as Retry-After, and event consumers take that for a transient failure")
  void refusedOnceOpen(Vertx vertx) throws IOException {
    JsonObject config = TestServers.get().config().copy();
    config.getJsonObject("redis").put("url", "redis://127.0.0.1:" + closedPort()).put("cluster", false);
    Redis redis = RedisClients.create(vertx, config);
    Hop hop = Breakers.hop(vertx, "booking-redis", new JsonObject().put("maxFailures", 2).put("resetMs", 30_000));
    SeatMap seatMap = new SeatMap(redis, new Catalogue(PgPools.create(vertx, config)), Duration.ofDays(1), hop);

    for (int i = 0; i < 2; i++) {
      assertThat(failureOf(seatMap.states(1))).as("Redis's own failure").isNotInstanceOf(ProblemException.class);
    }
    assertThat(hop.state()).isEqualTo(CircuitBreakerState.OPEN);

    long began = System.nanoTime();
    Throwable read = failureOf(seatMap.states(1));
    Throwable hold = failureOf(seatMap.hold(1, "order-1", System.currentTimeMillis() + 60_000, 7, List.of(1L)));
    assertThat((System.nanoTime() - began) / 1_000_000).isLessThan(500);
    for (Throwable refused : List.of(read, hold)) {
      assertThat(refused).isInstanceOf(ProblemException.class);
      assertThat(((ProblemException) refused).problem().status()).isEqualTo(503);
      assertThat(((ProblemException) refused).retryAfterSeconds()).isEqualTo(30);
      assertThat(Failures.isTransient(refused)).isTrue();
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
