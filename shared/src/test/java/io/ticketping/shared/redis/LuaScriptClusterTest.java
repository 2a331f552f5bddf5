package io.ticketping.shared.redis;

import io.ticketping.shared.devservices.RedisCluster;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The script loader and the client on a Redis Cluster of three masters. */
@ExtendWith(VertxExtension.class)
class LuaScriptClusterTest {

  private static final LuaScript SCRIPT = LuaScript.fromResource(LuaScriptClusterTest.class, "lua/echo_incr.lua");

  @BeforeEach
  void reset() {
    TestServers.get().redisCluster();
    TestServers.get().reset();
  }

  @Test
  @DisplayName("with every script cache empty, a script called on keys owned by each master runs on each, and each "
    + "master has cached it afterwards (the NOSCRIPT fallback happens per node)")
  void noScriptFallbackPerNode(Vertx vertx, VertxTestContext ctx) {
    RedisCluster cluster = TestServers.get().redisCluster();
    cluster.ports().forEach(port -> cluster.cli(port, "SCRIPT", "FLUSH"));
    Map<Integer, String> keyByNode = oneKeyPerNode(cluster);
    Redis redis = RedisClients.create(vertx, TestServers.get().clusterConfig());
    List<Future<Response>> calls = new ArrayList<>();
    for (String key : keyByNode.values()) {
      for (int i = 0; i < 50; i++) {
        calls.add(SCRIPT.call(redis, 1, key, 1));
      }
    }
    Future.all(calls).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      keyByNode.forEach((port, key) -> {
        assertThat(cluster.cli(port, "GET", key).trim()).as("counter on its own node").isEqualTo("50");
        assertThat(cluster.cli(port, "SCRIPT", "EXISTS", SCRIPT.sha1()).trim()).isEqualTo("1");
      });
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("redis.cluster false keeps the standalone client on redis.url")
  void standaloneStillDefault(Vertx vertx, VertxTestContext ctx) {
    Redis redis = RedisClients.create(vertx, TestServers.get().config());
    SCRIPT.call(redis, 1, "c:{standalone}", 3).onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
      assertThat(reply.toLong()).isEqualTo(3);
      assertThat(TestServers.get().redisCommand("EXISTS c:{standalone}")).isEqualTo(":1");
      ctx.completeNow();
    })));
  }

  /** A counter key per master, found by asking the cluster which master owns the slot of each candidate. */
  private static Map<Integer, String> oneKeyPerNode(RedisCluster cluster) {
    Map<Integer, String> keys = new LinkedHashMap<>();
    for (int i = 0; keys.size() < cluster.ports().size(); i++) {
      String key = "c:{" + i + "}";
      keys.putIfAbsent(cluster.ownerOf(cluster.keySlot(key)), key);
    }
    return keys;
  }
}
