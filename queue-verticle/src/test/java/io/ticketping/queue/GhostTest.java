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
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class GhostTest {

  @BeforeEach
  void reset(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().reset();
    QueueTesting.deploy(vertx, 100).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a waiter silent for longer than the idle timeout loses the place, while one who polls and one whose "
    + "stream sends heartbeats keep theirs and move up")
  void silentWaitersLoseTheirPlace(Vertx vertx, VertxTestContext ctx) {
    AtomicBoolean alive = new AtomicBoolean(true);
    // Capacity 0: nobody is admitted, so only the idle sweep can shorten the line.
    request(vertx, QueueAddresses.CONFIGURE, new JsonObject().put("showId", SHOW).put("capacity", 0)
      .put("idleTimeoutSeconds", 1))
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
        QueueTesting.zcard(QueueTesting.redis(vertx), QueueKeys.seen(SHOW)).map(n -> new JsonObject().put("seen", n)))))
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
        assertThat(all.get(4).result().getLong("seen")).as("heartbeats never add non-waiters").isEqualTo(2);
        ctx.completeNow();
      })));
  }
}
