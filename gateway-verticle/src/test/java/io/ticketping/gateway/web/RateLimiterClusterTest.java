package io.ticketping.gateway.web;

import io.ticketping.gateway.auth.AccountLimiter;
import io.ticketping.shared.config.AppConfig;
import io.ticketping.shared.devservices.RedisCluster;
import io.ticketping.shared.redis.RedisClients;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiters on a Redis Cluster of three masters: one key per client, or two keys under one hash tag per account, so
 * one slot and one master.
 */
@ExtendWith(VertxExtension.class)
class RateLimiterClusterTest {

  @BeforeEach
  void reset() {
    TestServers.get().redisCluster();
    TestServers.get().reset();
  }

  @Test
  @DisplayName("on the cluster, a bucket of 3 lets 3 requests through and refuses the 4th, and the bucket lives on "
    + "one master")
  void bucketOnCluster(Vertx vertx, VertxTestContext ctx) {
    RedisCluster cluster = TestServers.get().redisCluster();
    Router router = Router.router(vertx);
    // A refused request fails the context; this bare router answers every failure 429.
    router.get("/limited").handler(RateLimiter.perAddress(RedisClients.create(vertx, TestServers.get().clusterConfig()),
        new RateLimiter.Bucket(3, 0.001, 5000), ClientAddress.trusting("")))
      .handler(rc -> rc.response().end("ok")).failureHandler(rc -> rc.response().setStatusCode(429).end());
    WebClient client = WebClient.create(vertx);
    List<Integer> statuses = new ArrayList<>();
    vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
      .compose(server -> {
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < 4; i++) {
          chain = chain.compose(v -> client.get(server.actualPort(), "127.0.0.1", "/limited").send()
            .map(HttpResponse::statusCode).map(status -> {
              statuses.add(status);
              return null;
            }));
        }
        return chain;
      })
      // redis-cli runs as a child process: off the event loop.
      .compose(v -> vertx.executeBlocking(() -> cluster.ports().stream()
        .filter(port -> cluster.keysOn(port).contains("rl:ip:127.0.0.1")).toList()))
      .onComplete(ctx.succeeding(nodes -> ctx.verify(() -> {
        assertThat(statuses.subList(0, 3)).containsOnly(200);
        assertThat(statuses.get(3)).isEqualTo(429);
        assertThat(nodes).containsExactly(cluster.ownerOf(cluster.keySlot("rl:ip:127.0.0.1")));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("on the cluster, an account's bucket and failure count share one slot: 5 logins pass, the 6th waits "
    + "(429), and both keys live on one master")
  void accountOnCluster(Vertx vertx) {
    RedisCluster cluster = TestServers.get().redisCluster();
    AccountLimiter accounts = new AccountLimiter(RedisClients.create(vertx, TestServers.get().clusterConfig()),
      AppConfig.defaults().getJsonObject("rateLimit"));
    Router router = Router.router(vertx);
    router.post("/login").handler(BodyHandler.create()).handler(ApiContract.load(vertx).await().validates("login"))
      .handler(accounts.login()).handler(rc -> rc.response().end("checked"))
      .failureHandler(rc -> rc.response().setStatusCode(429).end());
    int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    WebClient client = WebClient.create(vertx);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statuses.add(client.post(port, "127.0.0.1", "/login")
        .sendJsonObject(new JsonObject().put("email", "Guessed@Example.com").put("password", "guess-" + i))
        .await().statusCode());
    }
    assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);
    List<Integer> holders = vertx.executeBlocking(() -> cluster.ports().stream()
      .filter(node -> cluster.keysOn(node).stream().anyMatch(key -> key.startsWith("rl:acct:"))
        && cluster.keysOn(node).stream().anyMatch(key -> key.startsWith("rl:fail:"))).toList()).await();
    assertThat(holders).hasSize(1);
  }
}
