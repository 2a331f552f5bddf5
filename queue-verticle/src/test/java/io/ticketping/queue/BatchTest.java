package io.ticketping.queue;

import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
import java.util.stream.LongStream;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.concurrently;
import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class BatchTest {

  private static final int USERS = 1000;
  /** A waiter whose heartbeat bit lies in the second bitmap page (ids 65,536 and up). */
  private static final long SECOND_PAGE = 70_001;

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
    QueueTesting.openShow(vertx, SHOW, 10)
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
    asked.addAll(List.of(5001L, 5002L, 5003L, 5004L));
    asked.add(SECOND_PAGE);
    List<Long> refreshed = new ArrayList<>(waiters.subList(0, USERS - 5));
    refreshed.add(SECOND_PAGE);
    QueueTesting.openShow(vertx, SHOW, 0)
      .compose(v -> concurrently(100, USERS + 1,
        i -> request(vertx, QueueAddresses.ENTER, user(SHOW, i < USERS ? 1 + i : SECOND_PAGE))))
      // Entering was a heartbeat: forget those, so that only this call's heartbeats are left to see.
      .compose(v -> QueueTesting.forgetBeats(redis, SHOW))
      .compose(v -> request(vertx, QueueAddresses.HEARTBEAT, new JsonObject().put("showId", SHOW)
        .put("userIds", new JsonArray(new ArrayList<>(asked)))))
      .compose(reply -> QueueTesting.beaten(redis, SHOW).map(beaten -> {
        ctx.verify(() -> {
          assertThat(reply).isEqualTo(new JsonObject());
          assertThat(beaten).as("refreshed: the waiters asked for, no one else")
            .containsExactlyElementsOf(refreshed);
        });
        return beaten;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("entering many at once: each user of a batch gets enter's answer in order, a repeat keeps its place, "
    + "and 10 concurrent batches of 100 share out distinct places, each batch's in one run")
  void enterMany(Vertx vertx, VertxTestContext ctx) {
    // Capacity 5: users 1..5 are admitted, 6..300 wait in places 1..295; 1 and 6 ask again at the end.
    List<Long> first = new ArrayList<>(LongStream.rangeClosed(1, 300).boxed().toList());
    first.addAll(List.of(1L, 6L));
    QueueTesting.openShow(vertx, SHOW, 5)
      .compose(v -> enterMany(vertx, SHOW, first))
      .compose(firstReply -> concurrently(10, 10, i -> enterMany(vertx, SHOW,
          LongStream.rangeClosed(1001 + 100L * i, 1100 + 100L * i).boxed().toList()))
        .map(rest -> List.of(firstReply, rest.results())))
      .compose(replies -> enterMany(vertx, "no-such-show", List.of(1L, 2L)).map(none -> List.of(replies, none)))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        List<?> replies = (List<?>) all.get(0);
        JsonArray users = ((JsonObject) replies.get(0)).getJsonArray("users");
        assertThat(users).hasSize(302);
        for (int i = 0; i < 5; i++) {
          assertThat(users.getJsonObject(i).getString("status")).isEqualTo("ADMITTED");
        }
        for (int i = 5; i < 300; i++) {
          assertThat(users.getJsonObject(i).getLong("position")).isEqualTo(i - 4);
        }
        assertThat(users.getJsonObject(300).getString("status")).as("admitted user again").isEqualTo("ADMITTED");
        assertThat(users.getJsonObject(301).getLong("position")).as("waiter again").isEqualTo(1);
        List<Long> places = new ArrayList<>();
        for (Object batch : (List<?>) replies.get(1)) {
          JsonArray entered = ((JsonObject) batch).getJsonArray("users");
          long start = entered.getJsonObject(0).getLong("position");
          for (int i = 0; i < entered.size(); i++) {
            assertThat(entered.getJsonObject(i).getLong("position")).as("a batch runs at once").isEqualTo(start + i);
            places.add(start + i);
          }
        }
        assertThat(places).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(296, 1295).boxed().toList());
        JsonArray none = ((JsonObject) all.get(1)).getJsonArray("users");
        assertThat(none).hasSize(2).allSatisfy(outcome ->
          assertThat(((JsonObject) outcome).getJsonObject("problem").getInteger("status")).isEqualTo(404));
        ctx.completeNow();
      })));
  }

  private static Future<JsonObject> enterMany(Vertx vertx, String showId, List<Long> userIds) {
    return request(vertx, QueueAddresses.ENTER_MANY, new JsonObject().put("showId", showId)
      .put("userIds", new JsonArray(new ArrayList<>(userIds))));
  }

  private static Future<JsonObject> positions(Vertx vertx, List<Long> userIds) {
    return request(vertx, QueueAddresses.POSITIONS, new JsonObject().put("showId", SHOW)
      .put("userIds", new JsonArray(new ArrayList<>(userIds))));
  }
}
