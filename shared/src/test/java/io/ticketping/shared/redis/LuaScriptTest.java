package io.ticketping.shared.redis;

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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class LuaScriptTest {

  private static final LuaScript SCRIPT = LuaScript.fromResource(LuaScriptTest.class, "lua/echo_incr.lua");

  @BeforeEach
  void reset() {
    TestServers.get().reset();
  }

  @Test
  @DisplayName("a script runs even though Redis has never seen it (NOSCRIPT falls back to EVAL once)")
  void noScriptFallback(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().redisCommand("SCRIPT FLUSH");
    Redis redis = RedisClients.create(vertx, TestServers.get().config());
    SCRIPT.call(redis, 1, "c:{t}", 5)
      .compose(first -> SCRIPT.call(redis, 1, "c:{t}", 2).map(second -> List.of(first, second)))
      .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
        assertThat(replies.get(0).toLong()).isEqualTo(5);
        assertThat(replies.get(1).toLong()).isEqualTo(7);
        assertThat(TestServers.get().redisCommand("SCRIPT EXISTS " + SCRIPT.sha1())).isEqualTo("*1");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("500 concurrent calls on a flushed script cache all succeed and none is lost")
  void concurrentCalls(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().redisCommand("SCRIPT FLUSH");
    Redis redis = RedisClients.create(vertx, TestServers.get().config());
    List<Future<Response>> calls = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      calls.add(SCRIPT.call(redis, 1, "c:{t}", 1));
    }
    Future.all(calls).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertThat(TestServers.get().redisCommand("GET c:{t}")).isEqualTo("$3");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a script loaded with a library calls the library's local functions")
  void library(Vertx vertx, VertxTestContext ctx) {
    LuaScript script = LuaScript.withLibraries(LuaScriptTest.class, "lua/incr_twice.lua", "lua/twice_lib.lua");
    Redis redis = RedisClients.create(vertx, TestServers.get().config());
    script.call(redis, 1, "c:{t}", 3)
      .compose(first -> script.call(redis, 1, "c:{t}", 4).map(second -> List.of(first, second)))
      .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
        assertThat(replies.get(0).toLong()).isEqualTo(6);
        assertThat(replies.get(1).toLong()).isEqualTo(14);
        ctx.completeNow();
      })));
  }
}
