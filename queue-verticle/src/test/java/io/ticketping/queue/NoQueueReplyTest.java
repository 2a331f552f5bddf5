package io.ticketping.queue;

import io.ticketping.shared.problem.ProblemException;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.queue.QueueStatus;
import io.ticketping.shared.redis.LuaScript;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every queue script answers a show without a queue the same way, and the waiting room reads that as a 404. */
@ExtendWith(VertxExtension.class)
class NoQueueReplyTest {

  private static final String NONE = "no-such-show";
  /** The scripts over the eight keys of a show, with the ARGV each needs. */
  private static final Map<String, List<Object>> SCRIPTS = new LinkedHashMap<>();

  static {
    SCRIPTS.put("admit", List.of(7, 100, 60_000));
    SCRIPTS.put("close", List.of());
    SCRIPTS.put("drain", List.of());
    SCRIPTS.put("enter", List.of(1));
    SCRIPTS.put("heartbeat", List.of(1, 2));
    SCRIPTS.put("leave", List.of(1));
    SCRIPTS.put("pass", List.of(1));
    SCRIPTS.put("pause", List.of());
    SCRIPTS.put("positions", List.of(1, 2));
    SCRIPTS.put("release", List.of(1));
    SCRIPTS.put("resume", List.of());
    SCRIPTS.put("seats", List.of(3, 0, 1));
    SCRIPTS.put("stats", List.of());
    SCRIPTS.put("status", List.of(1));
  }

  @BeforeEach
  void reset() {
    TestServers.get().reset();
  }

  @Test
  @DisplayName("each script answers {'NOQUEUE'} (enter_many: one per user) and writes nothing")
  void oneReplyShape(Vertx vertx) {
    Redis redis = QueueTesting.redis(vertx);
    for (Map.Entry<String, List<Object>> script : SCRIPTS.entrySet()) {
      List<Object> keysAndArgs = keys(NONE);
      keysAndArgs.addAll(script.getValue());
      Response reply = load(script.getKey()).call(redis, 9, keysAndArgs.toArray()).await();
      assertThat(replyText(reply)).as(script.getKey()).isEqualTo("[NOQUEUE]");
      assertThat(NoQueueReply.is(reply)).as(script.getKey()).isTrue();
    }
    List<Object> many = keys(NONE);
    many.addAll(List.of(1, 2));
    assertThat(replyText(load("enter_many").call(redis, 9, many.toArray()).await()))
      .isEqualTo("[[NOQUEUE], [NOQUEUE]]");
    List<Object> ending = new ArrayList<>(List.of(QueueKeys.meta(NONE)));
    ending.addAll(QueueKeys.all(NONE));
    ending.add(System.currentTimeMillis() + 60_000);
    assertThat(replyText(load("end").call(redis, QueueKeys.all(NONE).size() + 1, ending.toArray()).await()))
      .isEqualTo("[NOQUEUE]");

    Request exists = Request.cmd(Command.EXISTS);
    QueueKeys.all(NONE).forEach(exists::arg);
    assertThat(redis.send(exists).await().toLong()).as("keys written").isZero();
  }

  @Test
  @DisplayName("no other reply reads as no queue: a state, a count, a list")
  void otherRepliesAreNotNoQueue(Vertx vertx) {
    Redis redis = QueueTesting.redis(vertx);
    WaitingRoom room = new WaitingRoom(redis, 100);
    room.configure(QueueTesting.SHOW, QueueRequests.settings(QueueTesting.show(QueueTesting.SHOW))).await();
    List<Object> keysAndArgs = keys(QueueTesting.SHOW);
    assertThat(NoQueueReply.is(load("pause").call(redis, 9, keysAndArgs.toArray()).await())).isFalse();
    keysAndArgs.add(1);
    assertThat(NoQueueReply.is(load("leave").call(redis, 9, keysAndArgs.toArray()).await())).isFalse();
    assertThat(NoQueueReply.is(load("status").call(redis, 9, keysAndArgs.toArray()).await())).isFalse();
  }

  @Test
  @DisplayName("the waiting room fails each call on a show without a queue with a 404, and an end is just false")
  void roomReadsItAs404(Vertx vertx) {
    WaitingRoom room = QueueTesting.room(vertx);
    List<Supplier<Future<?>>> calls = List.of(() -> room.tick(NONE), () -> room.close(NONE), () -> room.drain(NONE),
      () -> room.pause(NONE), () -> room.resume(NONE), () -> room.stats(NONE), () -> room.enter(NONE, 1),
      () -> room.status(NONE, 1), () -> room.leave(NONE, 1), () -> room.release(NONE, 1),
      () -> room.passExpiry(NONE, 1), () -> room.positions(NONE, List.of(1L)),
      () -> room.heartbeat(NONE, List.of(1L)), () -> room.seats(NONE, 1, 0, 1));
    for (Supplier<Future<?>> call : calls) {
      assertThatThrownBy(() -> call.get().await()).isInstanceOfSatisfying(ProblemException.class,
        e -> assertThat(e.problem().status()).isEqualTo(404));
    }
    List<Future<QueueStatus>> entries = room.enterAll(NONE, List.of(1L, 2L)).await();
    assertThat(entries).hasSize(2).allSatisfy(entry -> assertThat(entry.failed()).isTrue());
    assertThat(room.end(NONE, System.currentTimeMillis() + 60_000).await()).isFalse();
  }

  /** The nine keys of the show in the order of the scripts' KEYS. */
  private static List<Object> keys(String showId) {
    return new ArrayList<>(List.of(QueueKeys.seq(showId), QueueKeys.waiting(showId), QueueKeys.working(showId),
      QueueKeys.meta(showId), QueueKeys.pre(showId), QueueKeys.beats(showId), QueueKeys.admits(showId),
      QueueKeys.log(showId), QueueKeys.arrivals(showId)));
  }

  /** A reply as text, arrays in brackets: {@code [NOQUEUE]} for the one-element array. */
  private static String replyText(Response reply) {
    if (reply.type() != ResponseType.MULTI) {
      return reply.toString();
    }
    List<String> items = new ArrayList<>();
    reply.forEach(item -> items.add(replyText(item)));
    return items.toString();
  }

  /** The script with every library of the queue before it (each only defines local functions). */
  private static LuaScript load(String name) {
    return LuaScript.withLibraries(NoQueueReplyTest.class, "lua/queue/" + name + ".lua",
      "lua/queue/lib/heartbeats.lua", "lua/queue/lib/log.lua", "lua/queue/lib/arrivals.lua",
      "lua/queue/lib/enter.lua");
  }
}
