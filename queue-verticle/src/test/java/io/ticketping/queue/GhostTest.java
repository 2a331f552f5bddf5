package io.ticketping.queue;

import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class GhostTest {

  @BeforeEach
  void reset() {
    TestServers.get().reset();
  }

  @Test
  @DisplayName("a waiter silent for longer than the idle timeout loses the place, while one who polls and one whose "
    + "stream sends heartbeats keep theirs and move up")
  void silentWaitersLoseTheirPlace(Vertx vertx, VertxTestContext ctx) {
    AtomicBoolean alive = new AtomicBoolean(true);
    // Capacity 0: nobody is admitted, so only the idle sweep can shorten the line.
    QueueTesting.deploy(vertx, 100)
      .compose(v -> request(vertx, QueueAddresses.CONFIGURE, new JsonObject().put("showId", SHOW).put("capacity", 0)
        .put("idleTimeoutSeconds", 1)))
      .compose(v -> QueueTesting.concurrently(1, 4, i -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1 + i))))
      .compose(v -> {
        // User 2 polls; user 3's stream is kept by the gateway's batched heartbeat; users 1 and 4 say nothing.
        QueueTesting.repeatWhile(alive::get, () -> request(vertx, QueueAddresses.STATUS, user(SHOW, 2))
          .compose(r -> QueueTesting.sleep(vertx, 250)));
        QueueTesting.repeatWhile(alive::get, () -> request(vertx, QueueAddresses.HEARTBEAT,
          new JsonObject().put("showId", SHOW).put("userIds", new JsonArray().add(3).add(99)))
          .compose(r -> QueueTesting.sleep(vertx, 250)));
        return QueueTesting.sleep(vertx, 2200);
      })
      .compose(v -> QueueTesting.settled(List.of(request(vertx, QueueAddresses.STATUS, user(SHOW, 1)),
        request(vertx, QueueAddresses.STATUS, user(SHOW, 2)),
        request(vertx, QueueAddresses.STATUS, user(SHOW, 3)),
        request(vertx, QueueAddresses.STATUS, user(SHOW, 4)),
        QueueTesting.beaten(QueueTesting.redis(vertx), SHOW).map(users -> new JsonObject()
          .put("beaten", new JsonArray(List.copyOf(users)))))))
      .eventually(() -> {
        alive.set(false);
        return Future.succeededFuture();
      })
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        for (int ghost : new int[] {0, 3}) {
          ReplyException failure = (ReplyException) all.get(ghost).cause();
          assertThat(failure.failureCode()).isEqualTo(404);
          assertThat(Problem.fromReply(failure).detail()).contains("not in the queue");
        }
        JsonObject poller = all.get(1).result();
        JsonObject streamer = all.get(2).result();
        assertThat(poller.getLong("position")).isEqualTo(1);
        assertThat(streamer.getLong("position")).isEqualTo(2);
        assertThat(streamer.getLong("total")).isEqualTo(2);
        assertThat(all.get(4).result().getJsonArray("beaten")).as("heartbeats never mark non-waiters")
          .doesNotContain(99L);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a line longer than one tick's idle checks is checked in slices: after enough ticks every silent "
    + "waiter is gone and every live one kept in order, and the pass is not repeated within its heartbeat generation")
  void longLineCheckedInSlices(Vertx vertx, VertxTestContext ctx) {
    Redis redis = QueueTesting.redis(vertx);
    WaitingRoom room = new WaitingRoom(redis, 10);
    List<Long> evens = LongStream.rangeClosed(1, 35).filter(id -> id % 2 == 0).boxed().toList();
    List<Long> dropped = new ArrayList<>();
    // No ticker: this test ticks by hand. Users 1..35 wait; then only the even ones send a heartbeat.
    QueueTesting.deploy(vertx, 0)
      .compose(v -> QueueTesting.openShow(vertx, SHOW, 0))
      .compose(v -> QueueTesting.concurrently(1, 35, i -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1 + i))))
      .compose(v -> QueueTesting.forgetBeats(redis, SHOW))
      .compose(v -> request(vertx, QueueAddresses.HEARTBEAT, new JsonObject().put("showId", SHOW)
        .put("userIds", new JsonArray(new ArrayList<>(evens)))))
      .compose(v -> tickTimes(room, 5, dropped))
      .compose(v -> redis.send(Request.cmd(Command.ZRANGE).arg(QueueKeys.waiting(SHOW)).arg(0).arg(-1)))
      .onComplete(ctx.succeeding(line -> ctx.verify(() -> {
        // Slices of 10 tickets: 1-10, 11-20, 21-30, 31-35 (short: the pass is over), then none until the
        // generation (30 s at the default idle timeout) passes.
        assertThat(dropped).containsExactly(5L, 5L, 5L, 3L, 0L);
        List<Long> left = new ArrayList<>();
        line.forEach(user -> left.add(user.toLong()));
        assertThat(left).containsExactlyElementsOf(evens);
        ctx.completeNow();
      })));
  }

  private static Future<Void> tickTimes(WaitingRoom room, int times, List<Long> dropped) {
    if (times == 0) {
      return Future.succeededFuture();
    }
    return room.tick(SHOW).compose(tick -> {
      dropped.add(tick.dropped());
      return tickTimes(room, times - 1, dropped);
    });
  }
}
