package io.ticketping.queue;

import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.concurrently;
import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class PauseLeaveTest {

  @BeforeEach
  void reset(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().reset();
    QueueTesting.deploy(vertx, 100).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("pause stops admission even when slots free up; resume admits the next in line again")
  void pauseAndResume(Vertx vertx, VertxTestContext ctx) {
    Redis redis = QueueTesting.redis(vertx);
    List<JsonObject> seen = new ArrayList<>();
    QueueTesting.openShow(vertx, SHOW, 5)
      .compose(v -> concurrently(1, 10, i -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1 + i))))
      .compose(v -> request(vertx, QueueAddresses.PAUSE, QueueTesting.show(SHOW)))
      .compose(paused -> {
        seen.add(paused);
        return Future.all(request(vertx, QueueAddresses.RELEASE, user(SHOW, 1)),
          request(vertx, QueueAddresses.RELEASE, user(SHOW, 2)));
      })
      .compose(released -> {
        seen.add(released.resultAt(0));
        return QueueTesting.sleep(vertx, 500);
      })
      .compose(v -> request(vertx, QueueAddresses.STATS, QueueTesting.show(SHOW)))
      .compose(whilePaused -> {
        seen.add(whilePaused);
        return request(vertx, QueueAddresses.RESUME, QueueTesting.show(SHOW));
      })
      .compose(resumed -> {
        seen.add(resumed);
        return QueueTesting.until(vertx, 3000, () -> QueueTesting.zcard(redis, QueueKeys.working(SHOW))
          .map(working -> working == 5));
      })
      .compose(v -> Future.all(request(vertx, QueueAddresses.PASS_CHECK, user(SHOW, 6)),
        request(vertx, QueueAddresses.PASS_CHECK, user(SHOW, 7)),
        request(vertx, QueueAddresses.STATUS, user(SHOW, 8))))
      .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
        assertThat(seen.get(0).getString("state")).isEqualTo("PAUSED");
        assertThat(seen.get(1).getBoolean("released")).isTrue();
        assertThat(seen.get(2).getLong("working")).isEqualTo(3);
        assertThat(seen.get(2).getLong("waiting")).isEqualTo(5);
        assertThat(seen.get(3).getString("state")).isEqualTo("OPEN");
        assertThat(after.<JsonObject>resultAt(0).getBoolean("active")).isTrue();
        assertThat(after.<JsonObject>resultAt(1).getBoolean("active")).isTrue();
        assertThat(after.<JsonObject>resultAt(0).getLong("expiresAt")).isGreaterThan(System.currentTimeMillis());
        assertThat(after.<JsonObject>resultAt(2).getLong("position")).isEqualTo(1);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("leaving frees the place and everyone behind moves up; leaving twice is harmless")
  void leaveMovesTheLineUp(Vertx vertx, VertxTestContext ctx) {
    QueueTesting.openShow(vertx, SHOW, 0)
      .compose(v -> concurrently(1, 5, i -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1 + i))))
      .compose(v -> request(vertx, QueueAddresses.LEAVE, user(SHOW, 2)))
      .compose(first -> request(vertx, QueueAddresses.LEAVE, user(SHOW, 2)).map(second -> List.of(first, second)))
      .compose(leaves -> QueueTesting.settled(List.of(request(vertx, QueueAddresses.STATUS, user(SHOW, 3)),
          request(vertx, QueueAddresses.STATUS, user(SHOW, 5)),
          request(vertx, QueueAddresses.STATUS, user(SHOW, 2))))
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertThat(leaves.get(0).getBoolean("left")).isTrue();
          assertThat(leaves.get(1).getBoolean("left")).isFalse();
          assertThat(after.get(0).result().getLong("position")).isEqualTo(2);
          assertThat(after.get(1).result().getLong("position")).isEqualTo(4);
          assertThat(after.get(1).result().getLong("total")).isEqualTo(4);
          assertThat(((ReplyException) after.get(2).cause()).failureCode()).isEqualTo(404);
          ctx.completeNow();
        }))));
  }

  @Test
  @DisplayName("releasing a pass frees the slot: the pass check sees it end and the next in line is admitted")
  void releaseFreesTheSlot(Vertx vertx, VertxTestContext ctx) {
    QueueTesting.openShow(vertx, SHOW, 1)
      .compose(v -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1)))
      .compose(v -> request(vertx, QueueAddresses.ENTER, user(SHOW, 2)))
      .compose(v -> request(vertx, QueueAddresses.RELEASE, user(SHOW, 1)))
      .compose(released -> request(vertx, QueueAddresses.PASS_CHECK, user(SHOW, 1))
        .map(check -> List.of(released, check)))
      .compose(first -> QueueTesting.until(vertx, 3000, () -> request(vertx, QueueAddresses.STATUS, user(SHOW, 2))
          .map(status -> status.getString("status").equals("ADMITTED")))
        .compose(v -> request(vertx, QueueAddresses.RELEASE, user(SHOW, 1)))
        .map(again -> List.of(first.get(0), first.get(1), again)))
      .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
        assertThat(replies.get(0).getBoolean("released")).isTrue();
        assertThat(replies.get(1).getBoolean("active")).isFalse();
        assertThat(replies.get(1).getValue("expiresAt")).isNull();
        assertThat(replies.get(2).getBoolean("released")).isFalse();
        ctx.completeNow();
      })));
  }
}
