package io.ticketping.queue;

import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.stream.LongStream;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.concurrently;
import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class BatchTest {

  private static final int USERS = 1000;

  @BeforeEach
  void reset(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().reset();
    QueueTesting.deploy(vertx, 0).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("one positions call answers the places of 1,000 users: admitted, waiting with their rank, or not in "
    + "line")
  void positionsOfAThousand(Vertx vertx, VertxTestContext ctx) {
    // Capacity 10: users 1..10 are admitted on entry, 11..1000 wait in places 1..990; 1001+ never came.
    List<Long> asked = LongStream.rangeClosed(11, USERS + 10).boxed().toList();
    List<Long> askedWithAdmitted = new ArrayList<>(asked.subList(0, USERS - 10));
    askedWithAdmitted.addAll(0, LongStream.rangeClosed(1, 10).boxed().toList());
    request(vertx, QueueAddresses.CONFIGURE, new JsonObject().put("showId", SHOW).put("capacity", 10))
      .compose(v -> concurrently(1, USERS, i -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1 + i))))
      .compose(v -> Future.all(positions(vertx, asked), positions(vertx, askedWithAdmitted)))
      .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
        JsonObject users = replies.<JsonObject>resultAt(0).getJsonObject("users");
        assertThat(users.size()).isEqualTo(USERS);
        for (long id = 11; id <= USERS; id++) {
          JsonObject status = users.getJsonObject(String.valueOf(id));
          assertThat(status.getString("status")).isEqualTo("WAITING");
          assertThat(status.getLong("position")).isEqualTo(id - 10);
          assertThat(status.getLong("total")).isEqualTo(USERS - 10);
        }
        assertThat(users.getJsonObject("1001").getString("status")).isEqualTo("NONE");
        assertThat(users.getJsonObject("1001").getValue("position")).isNull();
        JsonObject mixed = replies.<JsonObject>resultAt(1).getJsonObject("users");
        assertThat(mixed.getJsonObject("1").getString("status")).isEqualTo("ADMITTED");
        assertThat(mixed.getJsonObject("1").getLong("passExpiresAt")).isGreaterThan(System.currentTimeMillis());
        assertThat(replies.<JsonObject>resultAt(1).getString("state")).isEqualTo("OPEN");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("one heartbeat call refreshes 1,000 waiters at once and ignores users who are not waiting")
  void heartbeatOfAThousand(Vertx vertx, VertxTestContext ctx) {
    Redis redis = QueueTesting.redis(vertx);
    List<Long> waiters = LongStream.rangeClosed(1, USERS).boxed().toList();
    List<Long> asked = new ArrayList<>(waiters.subList(0, USERS - 5));
    asked.addAll(List.of(5001L, 5002L, 5003L, 5004L, 5005L));
    long[] before = new long[1];
    request(vertx, QueueAddresses.CONFIGURE, new JsonObject().put("showId", SHOW).put("capacity", 0))
      .compose(v -> concurrently(100, USERS, i -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1 + i))))
      .compose(v -> QueueTesting.sleep(vertx, 20))
      .compose(v -> {
        before[0] = System.currentTimeMillis();
        return request(vertx, QueueAddresses.HEARTBEAT, new JsonObject().put("showId", SHOW)
          .put("userIds", new JsonArray(new ArrayList<>(asked))));
      })
      .compose(reply -> seen(redis).map(beats -> {
        ctx.verify(() -> {
          assertThat(reply).isEqualTo(new JsonObject());
          assertThat(beats).hasSize(USERS);
          for (Response pair : beats) {
            long userId = pair.get(0).toLong();
            long beat = pair.get(1).toLong();
            if (userId <= USERS - 5) {
              assertThat(beat).as("refreshed heartbeat of %s", userId).isGreaterThanOrEqualTo(before[0] - 5);
            } else {
              assertThat(beat).as("untouched heartbeat of %s", userId).isLessThan(before[0]);
            }
          }
        });
        return beats;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<JsonObject> positions(Vertx vertx, List<Long> userIds) {
    return request(vertx, QueueAddresses.POSITIONS, new JsonObject().put("showId", SHOW)
      .put("userIds", new JsonArray(new ArrayList<>(userIds))));
  }

  /** Every heartbeat as [userId, epoch ms] pairs (RESP3 reply of ZRANGE WITHSCORES). */
  private static Future<Response> seen(Redis redis) {
    return redis.send(Request.cmd(Command.ZRANGE).arg(QueueKeys.seen(SHOW)).arg(0).arg(-1).arg("WITHSCORES"));
  }
}
