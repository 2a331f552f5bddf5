package io.ticketping.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class RateLimitTest {

  @Test
  @DisplayName("a burst of 60 concurrent signups over a per-address bucket of 10 gets 10 through and 429s with "
    + "Retry-After")
  void burstOverTheLimit(Vertx vertx, VertxTestContext ctx) {
    GatewayFixture gw = GatewayFixture.start(vertx, config -> config.getJsonObject("rateLimit")
      .put("perIpCapacity", 10).put("perIpRefillPerSecond", 0.5));
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      // The address is limited before the body is read: those let through are refused by the schema (400).
      burst.add(gw.client.post("/api/v1/auth/signup").sendJsonObject(new JsonObject()));
    }
    Future.all(burst).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      List<HttpResponse<Buffer>> responses = all.list();
      List<HttpResponse<Buffer>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
      long passed = responses.stream().filter(r -> r.statusCode() == 400).count();
      assertThat(passed).isEqualTo(10);
      assertThat(refused).hasSize(50).allSatisfy(r -> {
        assertThat(Integer.parseInt(r.getHeader("Retry-After"))).isBetween(1, 3);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.bodyAsJsonObject().getInteger("status")).isEqualTo(429);
      });
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("entries are limited per user by the gateway's own buckets: 8 at once over a bucket of 3 get 3 places "
    + "and 5 × 429, and another user still enters")
  void entriesOverTheLimit(Vertx vertx, VertxTestContext ctx) {
    GatewayFixture gw = GatewayFixture.startWithQueue(vertx, config -> config.getJsonObject("rateLimit")
      .put("perUserCapacity", 3).put("perUserRefillPerSecond", 0.1));
    String flooder = gw.tokenFor(1, "USER");
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    gw.client.put("/api/v1/admin/shows/limited/queue").bearerTokenAuthentication(gw.tokenFor(999, "ADMIN"))
      .sendJsonObject(new JsonObject().put("capacity", 0))
      .compose(configured -> {
        for (int i = 0; i < 8; i++) {
          burst.add(gw.client.post("/api/v1/queue/limited").bearerTokenAuthentication(flooder).send());
        }
        return Future.all(burst);
      })
      .compose(all -> gw.client.post("/api/v1/queue/limited").bearerTokenAuthentication(gw.tokenFor(2, "USER")).send())
      .onComplete(ctx.succeeding(other -> ctx.verify(() -> {
        List<Integer> statuses = burst.stream().map(f -> f.result().statusCode()).sorted().toList();
        assertThat(statuses).containsExactly(200, 200, 200, 429, 429, 429, 429, 429);
        burst.stream().filter(f -> f.result().statusCode() == 429).forEach(f ->
          assertThat(Integer.parseInt(f.result().getHeader("Retry-After"))).isBetween(1, 10));
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.bodyAsJsonObject().getLong("position")).as("the flooder holds one place only").isEqualTo(2);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("users under their limit are never refused, even while another user floods the gateway")
  void underTheLimitNeverRefused(Vertx vertx, VertxTestContext ctx) {
    GatewayFixture gw = GatewayFixture.start(vertx, config -> config.getJsonObject("rateLimit")
      .put("perIpCapacity", 1000).put("perUserCapacity", 10).put("perUserRefillPerSecond", 10));
    Future.all(gw.userToken("flood@example.com"), gw.userToken("calm1@example.com"),
        gw.userToken("calm2@example.com"), gw.userToken("calm3@example.com"))
      .compose(tokens -> {
        List<String> all = tokens.list();
        List<Future<HttpResponse<Buffer>>> flood = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          flood.add(gw.client.get("/api/v1/me").bearerTokenAuthentication(all.get(0)).send());
        }
        List<Future<List<Integer>>> calm = new ArrayList<>();
        for (String token : all.subList(1, 4)) {
          calm.add(steady(vertx, gw, token, 25, 150));
        }
        return Future.all(Future.all(flood), Future.all(calm)).map(v -> new Object[] {flood, calm});
      })
      .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
        @SuppressWarnings("unchecked")
        List<Future<HttpResponse<Buffer>>> flood = (List<Future<HttpResponse<Buffer>>>) result[0];
        @SuppressWarnings("unchecked")
        List<Future<List<Integer>>> calm = (List<Future<List<Integer>>>) result[1];
        assertThat(flood.stream().filter(f -> f.result().statusCode() == 429).count()).isGreaterThan(100);
        for (Future<List<Integer>> user : calm) {
          assertThat(user.result()).hasSize(25).containsOnly(200);
        }
        ctx.completeNow();
      })));
  }

  /**
   * {@code count} calls, each sent {@code pauseMs} after the previous answer: never faster than 1000/pauseMs a second
   * at the server, however slow the machine (a fixed-rate timer would bunch requests up after a stall).
   */
  private static Future<List<Integer>> steady(Vertx vertx, GatewayFixture gw, String token, int count, long pauseMs) {
    List<Integer> statuses = new ArrayList<>();
    return next(vertx, gw, token, count, pauseMs, statuses).map(statuses);
  }

  private static Future<Void> next(Vertx vertx, GatewayFixture gw, String token, int left, long pauseMs,
                                   List<Integer> statuses) {
    if (left == 0) {
      return Future.succeededFuture();
    }
    return gw.client.get("/api/v1/me").bearerTokenAuthentication(token).send().compose(r -> {
      statuses.add(r.statusCode());
      return vertx.timer(pauseMs).compose(v -> next(vertx, gw, token, left - 1, pauseMs, statuses));
    });
  }
}
