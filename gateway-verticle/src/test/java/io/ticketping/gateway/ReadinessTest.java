package io.ticketping.gateway;

import io.ticketping.shared.devservices.KafkaServer;
import io.ticketping.shared.devservices.PostgresServer;
import io.ticketping.shared.devservices.RedisServer;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stops each dependency of the gateway for real and watches {@code /ready}. The servers are this class's own (not the
 * shared {@link TestServers} ones), so stopping them cannot disturb other tests of the same JVM. No Kafka: the gateway
 * does not need one.
 */
@ExtendWith(VertxExtension.class)
class ReadinessTest {

  private static Path root;
  private static RedisServer redis;
  private static PostgresServer postgres;

  @BeforeAll
  static void startServers() throws IOException {
    root = Files.createTempDirectory("ticketping-readiness-");
    redis = new RedisServer(TestServers.freePort(), root.resolve("redis"), false).start();
    postgres = new PostgresServer(TestServers.freePort(), root.resolve("postgres"), false).start(TestServers.DATABASE);
  }

  @AfterAll
  static void stopServers() {
    redis.stop();
    postgres.stop();
    KafkaServer.deleteDirectory(root);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"redis", "postgres"})
  @DisplayName("/ready answers 503 naming the one dependency that is stopped, and 200 again once it is back; "
    + "/health stays 200")
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void readyFollowsEachDependency(String dependency, Vertx vertx, VertxTestContext ctx) {
    GatewayFixture gw = start(vertx);
    pollReady(vertx, gw, 200, 60)
      .compose(before -> {
        ctx.verify(() -> {
          assertThat(before.statusCode()).isEqualTo(200);
          assertThat(before.bodyAsJsonObject().getJsonObject("checks"))
            .isEqualTo(new JsonObject().put("redis", "UP").put("postgres", "UP"));
        });
        return vertx.executeBlocking(() -> {
          stop(dependency);
          return null;
        });
      })
      .compose(v -> pollReady(vertx, gw, 503, 20))
      .compose(down -> {
        ctx.verify(() -> {
          assertThat(down.statusCode()).isEqualTo(503);
          assertThat(down.getHeader("Content-Type")).isEqualTo("application/problem+json");
          JsonObject body = down.bodyAsJsonObject();
          assertThat(body.getJsonArray("down").getList()).containsExactly(dependency);
          assertThat(body.getString("detail")).contains(dependency);
          JsonObject checks = body.getJsonObject("checks");
          for (String name : new String[] {"redis", "postgres"}) {
            assertThat(checks.getString(name)).as(name).isEqualTo(name.equals(dependency) ? "DOWN" : "UP");
          }
          assertThat(body.getJsonObject("roles")).isEqualTo(new JsonObject().put("gateway", "DOWN"));
        });
        return gw.client.get("/health").send();
      })
      .compose(health -> {
        ctx.verify(() -> {
          assertThat(health.statusCode()).isEqualTo(200);
          assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
        });
        return vertx.executeBlocking(() -> {
          start(dependency);
          return null;
        });
      })
      .compose(v -> pollReady(vertx, gw, 200, 120))
      .onComplete(ctx.succeeding(up -> ctx.verify(() -> {
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.bodyAsJsonObject().getString("status")).isEqualTo("UP");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("the gateway never asks Kafka: with no broker at all /ready answers 200 for the gateway, its checks "
    + "name Redis and PostgreSQL only, /ready/gateway agrees and /ready/booking is 404 (no booking role here)")
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void kafkaIsNoNeedOfTheGateway(Vertx vertx) {
    GatewayFixture gw = start(vertx);
    HttpResponse<Buffer> ready = pollReady(vertx, gw, 200, 60).await();
    assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getJsonObject("checks"))
      .isEqualTo(new JsonObject().put("redis", "UP").put("postgres", "UP"));
    assertThat(ready.bodyAsJsonObject().getJsonObject("roles")).isEqualTo(new JsonObject().put("gateway", "UP"));
    assertThat(gw.client.get("/ready/gateway").send().await().statusCode()).isEqualTo(200);
    HttpResponse<Buffer> booking = gw.client.get("/ready/booking").send().await();
    assertThat(booking.statusCode()).isEqualTo(404);
    assertThat(booking.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  /** A gateway on this class's servers, and on a closed port for Kafka. */
  private static GatewayFixture start(Vertx vertx) {
    return GatewayFixture.start(vertx, config -> {
      config.getJsonObject("redis").put("url", redis.url());
      config.getJsonObject("postgres").put("port", postgres.port());
      config.getJsonObject("kafka").put("bootstrapServers", "127.0.0.1:1");
    });
  }

  private static void stop(String dependency) {
    switch (dependency) {
      case "redis" -> redis.stop();
      default -> postgres.stop();
    }
  }

  private static void start(String dependency) {
    switch (dependency) {
      case "redis" -> redis.start();
      default -> postgres.start(TestServers.DATABASE);
    }
  }

  /** Asks every 250 ms until {@code /ready} answers {@code status} or the tries run out; the last answer. */
  private static Future<HttpResponse<Buffer>> pollReady(Vertx vertx, GatewayFixture gw, int status, int triesLeft) {
    return gw.client.get("/ready").send().compose(r -> {
      if (r.statusCode() == status || triesLeft == 0) {
        return Future.succeededFuture(r);
      }
      return vertx.timer(250).compose(v -> pollReady(vertx, gw, status, triesLeft - 1));
    });
  }
}
