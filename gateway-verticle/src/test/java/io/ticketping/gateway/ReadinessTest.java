package io.ticketping.gateway;

import io.ticketping.shared.devservices.KafkaServer;
import io.ticketping.shared.devservices.PostgresServer;
import io.ticketping.shared.devservices.RedisServer;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
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
 * Stops each dependency for real and watches {@code /ready}. The servers are this class's own (not the shared
 * {@link TestServers} ones), so stopping them cannot disturb other tests of the same JVM.
 */
@ExtendWith(VertxExtension.class)
class ReadinessTest {

  private static Path root;
  private static RedisServer redis;
  private static PostgresServer postgres;
  private static KafkaServer kafka;

  @BeforeAll
  static void startServers() throws IOException {
    root = Files.createTempDirectory("ticketping-readiness-");
    redis = new RedisServer(TestServers.freePort(), root.resolve("redis"), false).start();
    postgres = new PostgresServer(TestServers.freePort(), root.resolve("postgres"), false).start(TestServers.DATABASE);
    kafka = new KafkaServer(TestServers.freePort(), TestServers.freePort(), root.resolve("kafka"), false).start();
  }

  @AfterAll
  static void stopServers() {
    redis.stop();
    postgres.stop();
    kafka.stop();
    KafkaServer.deleteDirectory(root);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"redis", "postgres", "kafka"})
  @DisplayName("/ready answers 503 naming the one dependency that is stopped, and 200 again once it is back; "
    + "/health stays 200")
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void readyFollowsEachDependency(String dependency, Vertx vertx, VertxTestContext ctx) {
    GatewayFixture gw = GatewayFixture.start(vertx, config -> {
      config.getJsonObject("redis").put("url", redis.url());
      config.getJsonObject("postgres").put("port", postgres.port());
      config.getJsonObject("kafka").put("bootstrapServers", kafka.bootstrapServers());
    });
    pollReady(vertx, gw, 200, 60)
      .compose(before -> {
        ctx.verify(() -> {
          assertThat(before.statusCode()).isEqualTo(200);
          assertThat(before.bodyAsJsonObject().getJsonObject("checks"))
            .isEqualTo(new JsonObject().put("redis", "UP").put("postgres", "UP").put("kafka", "UP"));
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
          for (String name : new String[] {"redis", "postgres", "kafka"}) {
            assertThat(checks.getString(name)).as(name).isEqualTo(name.equals(dependency) ? "DOWN" : "UP");
          }
        });
        return gw.client.get("/health").send();
      })
      .compose(health -> {
        ctx.verify(() -> assertThat(health.statusCode()).isEqualTo(200));
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

  private static void stop(String dependency) {
    switch (dependency) {
      case "redis" -> redis.stop();
      case "postgres" -> postgres.stop();
      default -> kafka.stop();
    }
  }

  private static void start(String dependency) {
    switch (dependency) {
      case "redis" -> redis.start();
      case "postgres" -> postgres.start(TestServers.DATABASE);
      default -> kafka.start();
    }
  }

  /** Asks every 250 ms until {@code /ready} answers {@code status} or the tries run out; the last answer. */
  private static Future<HttpResponse<Buffer>> pollReady(Vertx vertx, GatewayFixture gw, int status, int triesLeft) {
    return gw.client.get("/ready").send().compose(r -> {
      if (r.statusCode() == status || triesLeft == 0) {
        return Future.succeededFuture(r);
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(250, id -> later.complete());
      return later.future().compose(v -> pollReady(vertx, gw, status, triesLeft - 1));
    });
  }
}
