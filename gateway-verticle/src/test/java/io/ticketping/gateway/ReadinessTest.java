package io.ticketping.gateway;

import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ReadinessTest {

  @Test
  @DisplayName("/ready turns 503 naming Redis while Redis is stopped, and back to 200 when it returns; /health stays 200")
  void readyFollowsRedis(Vertx vertx, VertxTestContext ctx) {
    GatewayFixture gw = GatewayFixture.start(vertx);
    gw.client.get("/ready").send()
      .compose(before -> {
        ctx.verify(() -> assertThat(before.statusCode()).isEqualTo(200));
        return vertx.executeBlocking(() -> {
          TestServers.get().redis().stop();
          return null;
        });
      })
      .compose(v -> gw.client.get("/ready").send())
      .compose(down -> {
        ctx.verify(() -> {
          assertThat(down.statusCode()).isEqualTo(503);
          assertThat(down.bodyAsJsonObject().getJsonObject("checks").getString("redis")).isEqualTo("DOWN");
          assertThat(down.bodyAsJsonObject().getJsonObject("checks").getString("postgres")).isEqualTo("UP");
        });
        return gw.client.get("/health").send();
      })
      .compose(health -> {
        ctx.verify(() -> assertThat(health.statusCode()).isEqualTo(200));
        return vertx.executeBlocking(() -> {
          TestServers.get().redis().start();
          return null;
        });
      })
      .compose(v -> pollUntilReady(vertx, gw, 50))
      .onComplete(ctx.succeeding(up -> ctx.verify(() -> {
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.bodyAsJsonObject().getString("status")).isEqualTo("UP");
        ctx.completeNow();
      })));
  }

  private static Future<HttpResponse<Buffer>> pollUntilReady(Vertx vertx, GatewayFixture gw, int triesLeft) {
    return gw.client.get("/ready").send().compose(r -> {
      if (r.statusCode() == 200 || triesLeft == 0) {
        return Future.succeededFuture(r);
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(100, id -> later.complete());
      return later.future().compose(v -> pollUntilReady(vertx, gw, triesLeft - 1));
    });
  }
}
