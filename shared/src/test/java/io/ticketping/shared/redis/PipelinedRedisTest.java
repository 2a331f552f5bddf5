package io.ticketping.shared.redis;

import io.ticketping.shared.testing.TestServers;
import io.ticketping.shared.testing.Waits;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class PipelinedRedisTest {

  @BeforeEach
  void reset() {
    TestServers.get().reset();
  }

  @Test
  @DisplayName("an event loop's 2,000 concurrent commands share one held connection, in order, and answer on its context")
  void oneConnectionPerEventLoop(Vertx vertx, VertxTestContext ctx) {
    Redis redis = RedisClients.create(vertx, TestServers.get().config());
    Context loop = vertx.getOrCreateContext();
    loop.runOnContext(v -> redis.send(Request.cmd(Command.PING))
      // The first command opens the loop's connection (the pool answers it meanwhile).
      .compose(pong -> heldConnection(vertx, redis))
      .compose(opened -> clients(redis)).compose(before -> {
        AtomicInteger offContext = new AtomicInteger();
        List<Future<Response>> sent = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
          sent.add(redis.send(Request.cmd(Command.INCR).arg("pipelined")).onComplete(r -> {
            if (Vertx.currentContext() != loop) {
              offContext.incrementAndGet();
            }
          }));
        }
        return Future.all(sent).compose(all -> clients(redis)).onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          List<Long> counts = sent.stream().map(f -> f.result().toLong()).toList();
          assertThat(counts).as("one connection keeps the order they were sent in")
            .containsExactlyElementsOf(LongStream.rangeClosed(1, 2000).boxed().toList());
          assertThat(after).as("no connection opened for the burst").isEqualTo(before);
          assertThat(offContext.get()).as("replies handled off the caller's context").isZero();
          ctx.completeNow();
        })));
      }).onFailure(ctx::failNow));
  }

  @Test
  @DisplayName("a held connection that the server drops is replaced; commands work again")
  void droppedConnectionIsReplaced(Vertx vertx, VertxTestContext ctx) {
    Redis redis = RedisClients.create(vertx, TestServers.get().config());
    vertx.getOrCreateContext().runOnContext(v -> redis.send(Request.cmd(Command.PING))
      .compose(pong -> heldConnection(vertx, redis))
      .map(opened -> TestServers.get().redisCommand("CLIENT KILL TYPE normal"))
      .compose(killed -> Waits.eventually(vertx, "a command answered after the kill", 5000,
        () -> redis.send(Request.cmd(Command.INCR).arg("after-kill")).map(r -> true).otherwise(false)))
      .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
        assertThat(TestServers.get().redisCommand("GET after-kill")).isNotEqualTo("$-1");
        ctx.completeNow();
      }))));
  }

  private static Future<Void> heldConnection(Vertx vertx, Redis redis) {
    return Waits.eventually(vertx, "the held connection", 5000,
      () -> Future.succeededFuture(((PipelinedRedis) redis).held() == 1));
  }

  /** Connections Redis has open, other than the test's own command socket. */
  private static Future<Integer> clients(Redis redis) {
    return redis.send(Request.cmd(Command.CLIENT).arg("LIST"))
      .map(list -> (int) list.toString().lines().filter(line -> !line.isBlank()).count());
  }
}
