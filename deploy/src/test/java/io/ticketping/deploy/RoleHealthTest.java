package io.ticketping.deploy;

import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class RoleHealthTest {

  @Test
  @DisplayName("a JVM with service roles but no gateway answers /health and /ready on http.healthPort")
  void serviceRoleHealth(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().reset();
    TestServers.get().kafka();
    JsonObject config = TestServers.get().config();
    int port = TestServers.freePort();
    config.getJsonObject("http").put("healthPort", port);
    WebClient client = WebClient.create(vertx);
    RoleDeployment.deploy(vertx, config, EnumSet.of(Role.QUEUE))
      .compose(deployed -> {
        ctx.verify(() -> assertThat(deployed).containsKeys("queue", "health").doesNotContainKey("gateway"));
        return client.get(port, "127.0.0.1", "/health").send();
      })
      .compose(health -> {
        ctx.verify(() -> assertThat(health.statusCode()).isEqualTo(200));
        return client.get(port, "127.0.0.1", "/ready").send();
      })
      .onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("UP");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a JVM with service roles but no gateway serves its Prometheus metrics at /metrics on http.healthPort")
  void serviceRoleMetrics(VertxTestContext ctx) {
    TestServers.get().reset();
    TestServers.get().kafka();
    JsonObject config = TestServers.get().config();
    int port = TestServers.freePort();
    config.getJsonObject("http").put("healthPort", port);
    // A Vert.x with metrics, as Main and ClusterSetup create it for a role JVM.
    Vertx vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), config));
    WebClient client = WebClient.create(vertx);
    RoleDeployment.deploy(vertx, config, EnumSet.of(Role.BOOKING))
      .compose(deployed -> client.get(port, "127.0.0.1", "/metrics").send())
      .eventually(() -> vertx.close())
      .onComplete(ctx.succeeding(metrics -> ctx.verify(() -> {
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.getHeader("Content-Type")).startsWith("text/plain");
        Scrape scrape = new Scrape(metrics.bodyAsString());
        assertThat(scrape.value("ticketping_events_dead_lettered_total", "consumer", "booking.payment-outcomes"))
          .isZero();
        assertThat(scrape.names()).contains("vertx_eventbus_handlers", "jvm_memory_used_bytes", "process_cpu_usage");
        ctx.completeNow();
      })));
  }
}
