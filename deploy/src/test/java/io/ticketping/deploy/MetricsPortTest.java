package io.ticketping.deploy;

import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code metrics.port}: set, {@code /metrics} is served there alone and no longer on the gateway's API port or a role
 * JVM's health port (which the Services expose); 0 keeps it on those ports.
 */
@ExtendWith(VertxExtension.class)
class MetricsPortTest {

  @Test
  @DisplayName("a gateway JVM with metrics.port serves /metrics there and answers 404 for it on the API port")
  void gateway(VertxTestContext ctx) {
    JsonObject config = config();
    config.getJsonObject("http").put("port", TestServers.freePort()).put("instances", 1);
    check(ctx, config, EnumSet.of(Role.GATEWAY), config.getJsonObject("http").getInteger("port"));
  }

  @Test
  @DisplayName("a role JVM with metrics.port serves /metrics there and answers 404 for it on http.healthPort")
  void serviceRole(VertxTestContext ctx) {
    JsonObject config = config();
    config.getJsonObject("http").put("healthPort", TestServers.freePort());
    check(ctx, config, EnumSet.of(Role.BOOKING), config.getJsonObject("http").getInteger("healthPort"));
  }

  @Test
  @DisplayName("with metrics.port 0 (the default) /metrics stays on the role JVM's health port and no server is added")
  void sharedPort(VertxTestContext ctx) {
    TestServers.get().reset();
    TestServers.get().kafka();
    JsonObject config = TestServers.get().config();
    int healthPort = TestServers.freePort();
    config.getJsonObject("http").put("healthPort", healthPort);
    Vertx vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), config));
    WebClient client = WebClient.create(vertx);
    RoleDeployment.deploy(vertx, config, EnumSet.of(Role.BOOKING))
      .compose(deployed -> {
        ctx.verify(() -> assertThat(deployed).containsKey("health").doesNotContainKey("metrics"));
        return client.get(healthPort, "127.0.0.1", "/metrics").send();
      })
      .eventually(() -> vertx.close())
      .onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
        assertThat(metrics.statusCode()).isEqualTo(200);
        ctx.completeNow();
      })));
  }

  private static JsonObject config() {
    TestServers.get().reset();
    TestServers.get().kafka();
    JsonObject config = TestServers.get().config();
    config.getJsonObject("metrics").put("port", TestServers.freePort());
    return config;
  }

  /** Deploys {@code roles} into a Vert.x with metrics, then scrapes the metrics port and the public one. */
  private static void check(VertxTestContext ctx, JsonObject config, Set<Role> roles, int publicPort) {
    int metricsPort = config.getJsonObject("metrics").getInteger("port");
    Vertx vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), config));
    WebClient client = WebClient.create(vertx);
    RoleDeployment.deploy(vertx, config, roles)
      .compose(deployed -> {
        ctx.verify(() -> assertThat(deployed).containsKey("metrics"));
        Future<HttpResponse<Buffer>> internal = client.get(metricsPort, "127.0.0.1", "/metrics").send();
        Future<HttpResponse<Buffer>> exposed = client.get(publicPort, "127.0.0.1", "/metrics").send();
        Future<HttpResponse<Buffer>> health = client.get(publicPort, "127.0.0.1", "/health").send();
        return Future.all(internal, exposed, health);
      })
      .eventually(() -> vertx.close())
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        HttpResponse<Buffer> internal = all.resultAt(0);
        HttpResponse<Buffer> exposed = all.resultAt(1);
        HttpResponse<Buffer> health = all.resultAt(2);
        assertThat(internal.statusCode()).isEqualTo(200);
        assertThat(internal.getHeader("Content-Type")).startsWith("text/plain");
        assertThat(new Scrape(internal.bodyAsString()).names()).contains("jvm_memory_used_bytes");
        assertThat(exposed.statusCode()).as("/metrics on the public port").isEqualTo(404);
        assertThat(health.statusCode()).as("the public port still serves /health").isEqualTo(200);
        ctx.completeNow();
      })));
  }
}
