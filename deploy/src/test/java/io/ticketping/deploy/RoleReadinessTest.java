package io.ticketping.deploy;

import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness per role with the Kafka broker stopped for real: an all-in-one JVM, and a gateway, a booking and a payment
 * JVM of a split deployment (each its own Vert.x here; readiness needs no event bus between them).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class RoleReadinessTest {

  @Test
  @DisplayName("Kafka stopped: the gateway stays ready all-in-one and alone, booking and payment report Kafka down in "
    + "the all-in-one JVM and in their own, and they are ready again once it is back")
  void kafkaStopped(Vertx vertx) throws Exception {
    JsonObject config = SystemFixture.testConfig();
    config.getJsonObject("http").put("instances", 1);
    int allInOne = config.getJsonObject("http").getInteger("port");
    RoleDeployment.deploy(vertx, config).await();

    List<Vertx> split = new ArrayList<>();
    JsonObject gatewayConfig = config.copy();
    int gateway = TestServers.freePort();
    gatewayConfig.getJsonObject("http").put("port", gateway);
    JsonObject bookingConfig = config.copy();
    int booking = TestServers.freePort();
    bookingConfig.getJsonObject("http").put("healthPort", booking);
    JsonObject paymentConfig = config.copy();
    int payment = TestServers.freePort();
    paymentConfig.getJsonObject("http").put("healthPort", payment);
    // The all-in-one JVM runs the provider simulator on its port already.
    paymentConfig.getJsonObject("payment").getJsonObject("simulator").put("enabled", false);
    try {
      split.add(deployed(gatewayConfig, Set.of(Role.GATEWAY)));
      split.add(deployed(bookingConfig, Set.of(Role.BOOKING)));
      split.add(deployed(paymentConfig, Set.of(Role.PAYMENT)));
      WebClient client = WebClient.create(vertx);
      for (String url : List.of(url(allInOne, "/ready/booking"), url(allInOne, "/ready/payment"), url(booking, "/ready"),
        url(payment, "/ready"))) {
        assertThat(eventually(vertx, client, url, 200).statusCode()).as(url).isEqualTo(200);
      }

      vertx.executeBlocking(() -> {
        TestServers.get().kafka().stop();
        return null;
      }).await();
      try {
        for (String url : List.of(url(allInOne, "/ready/booking"), url(allInOne, "/ready/payment"),
          url(booking, "/ready"), url(payment, "/ready"))) {
          HttpResponse<Buffer> down = eventually(vertx, client, url, 503);
          assertThat(down.statusCode()).as(url).isEqualTo(503);
          assertThat(down.getHeader("Content-Type")).isEqualTo("application/problem+json");
          assertThat(down.bodyAsJsonObject().getJsonArray("down").getList()).as(url).containsExactly("kafka");
          assertThat(down.bodyAsJsonObject().getString("detail")).contains("kafka");
        }
        HttpResponse<Buffer> all = get(client, url(allInOne, "/ready"));
        assertThat(all.statusCode()).as("the all-in-one gateway: " + all.bodyAsString()).isEqualTo(200);
        assertThat(all.bodyAsJsonObject().getJsonObject("roles")).isEqualTo(new JsonObject()
          .put("booking", "DOWN").put("gateway", "UP").put("payment", "DOWN").put("queue", "UP"));
        assertThat(all.bodyAsJsonObject().getJsonObject("checks").getString("kafka")).isEqualTo("DOWN");
        for (String url : List.of(url(allInOne, "/ready/gateway"), url(allInOne, "/ready/queue"))) {
          assertThat(get(client, url).statusCode()).as(url).isEqualTo(200);
        }
        HttpResponse<Buffer> alone = get(client, url(gateway, "/ready"));
        assertThat(alone.statusCode()).as("the gateway's own JVM").isEqualTo(200);
        assertThat(alone.bodyAsJsonObject().getJsonObject("checks"))
          .isEqualTo(new JsonObject().put("redis", "UP").put("postgres", "UP"));
        assertThat(get(client, url(booking, "/ready")).bodyAsJsonObject().getJsonObject("roles"))
          .isEqualTo(new JsonObject().put("booking", "DOWN"));
      } finally {
        vertx.executeBlocking(() -> TestServers.get().kafka().start()).await();
      }
      for (String url : List.of(url(allInOne, "/ready/payment"), url(booking, "/ready"), url(payment, "/ready"))) {
        assertThat(eventually(vertx, client, url, 200).statusCode()).as("once Kafka is back: " + url).isEqualTo(200);
      }
    } finally {
      for (Vertx other : split) {
        other.close().await();
      }
    }
  }

  /** A Vert.x of its own running {@code roles}, as a role JVM would. */
  private static Vertx deployed(JsonObject config, Set<Role> roles) {
    Vertx vertx = Vertx.vertx();
    RoleDeployment.deploy(vertx, config, EnumSet.copyOf(roles)).await();
    return vertx;
  }

  private static String url(int port, String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private static HttpResponse<Buffer> get(WebClient client, String url) {
    return client.getAbs(url).send().await();
  }

  /** Asks every 250 ms, up to 60 s, until {@code url} answers {@code status}; the last answer. */
  private static HttpResponse<Buffer> eventually(Vertx vertx, WebClient client, String url, int status) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    HttpResponse<Buffer> last = get(client, url);
    while (last.statusCode() != status && System.nanoTime() < deadline) {
      vertx.timer(250).await();
      last = get(client, url);
    }
    return last;
  }
}
