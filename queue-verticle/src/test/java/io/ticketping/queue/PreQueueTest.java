package io.ticketping.queue;

import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;

import static io.ticketping.queue.QueueTesting.concurrently;
import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class PreQueueTest {

  private static final int EARLY = 300;
  private static final List<String> SHOWS = List.of("early-a", "early-b");

  @BeforeEach
  void reset(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().reset();
    QueueTesting.deploy(vertx, 100).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("everyone who arrives before the sale opens gets a place at opening, in a shuffled order rather than "
    + "arrival order, none lost and none twice, and later arrivals queue behind them")
  void earlyArrivalsAreShuffledIn(Vertx vertx, VertxTestContext ctx) {
    long opensAt = System.currentTimeMillis() + 2500;
    // Arrival order is user id order: one client, one arrival after the other, each one twice.
    List<Long> arrivals = LongStream.rangeClosed(1, EARLY).boxed().toList();
    Future.all(SHOWS.stream().map(show -> request(vertx, QueueAddresses.CONFIGURE, new JsonObject()
        .put("showId", show).put("capacity", 0).put("opensAt", opensAt))).toList())
      .compose(v -> concurrently(1, 2 * EARLY * SHOWS.size(), i -> request(vertx, QueueAddresses.ENTER,
        user(SHOWS.get(i % 2), arrivals.get(i / 2 % EARLY)))))
      .compose(entered -> {
        ctx.verify(() -> {
          assertThat(entered.results()).allSatisfy(r -> assertThat(r.getString("status")).isEqualTo("PREQUEUE"));
          assertThat(entered.results().get(0).getLong("opensAt")).isEqualTo(opensAt);
          assertThat(System.currentTimeMillis()).as("all arrived before the opening").isLessThan(opensAt);
        });
        return QueueTesting.until(vertx, 5000, () -> request(vertx, QueueAddresses.STATS, QueueTesting.show("early-b"))
          .map(stats -> stats.getString("state").equals("OPEN")));
      })
      .compose(v -> request(vertx, QueueAddresses.ENTER, user("early-a", 10_000)))
      .compose(late -> Future.all(SHOWS.stream().map(show -> request(vertx, QueueAddresses.POSITIONS,
          new JsonObject().put("showId", show).put("userIds", new JsonArray(new ArrayList<>(arrivals))))).toList())
        .map(all -> List.of(late, all.<JsonObject>resultAt(0), all.<JsonObject>resultAt(1))))
      .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
        assertThat(replies.get(0).getString("status")).isEqualTo("WAITING");
        assertThat(replies.get(0).getLong("position")).isEqualTo(EARLY + 1);
        List<Long> orderA = lineOrder(replies.get(1).getJsonObject("users"));
        List<Long> orderB = lineOrder(replies.get(2).getJsonObject("users"));
        assertThat(orderA).containsExactlyInAnyOrderElementsOf(arrivals).doesNotContainSequence(arrivals);
        assertThat(orderB).containsExactlyInAnyOrderElementsOf(arrivals);
        long keptArrivalPlace = LongStream.range(0, EARLY).filter(i -> orderA.get((int) i) == i + 1).count();
        assertThat(keptArrivalPlace).as("users still at their arrival place").isLessThan(EARLY / 10);
        // Each opening draws its own order: Redis would seed Lua's generator the same way every time.
        assertThat(orderA).isNotEqualTo(orderB);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a pause outlives a reconfiguration, arrivals before the opening still go to the pre-queue while "
    + "paused, and resume hands over to the opening")
  void pauseBeforeOpening(Vertx vertx, VertxTestContext ctx) {
    String show = SHOWS.get(0);
    List<JsonObject> steps = new ArrayList<>();
    request(vertx, QueueAddresses.CONFIGURE, new JsonObject().put("showId", show)
      .put("opensAt", System.currentTimeMillis() + 800))
      .compose(created -> {
        steps.add(created);
        return request(vertx, QueueAddresses.PAUSE, QueueTesting.show(show));
      })
      .compose(v -> QueueTesting.openShow(vertx, show, 0))
      .compose(reconfigured -> {
        steps.add(reconfigured);
        return request(vertx, QueueAddresses.ENTER, user(show, 1));
      })
      .compose(early -> {
        steps.add(early);
        return request(vertx, QueueAddresses.RESUME, QueueTesting.show(show));
      })
      .compose(resumed -> {
        steps.add(resumed);
        return QueueTesting.until(vertx, 3000, () -> request(vertx, QueueAddresses.STATUS, user(show, 1))
          .map(status -> status.getString("status").equals("WAITING")));
      })
      .compose(v -> request(vertx, QueueAddresses.STATS, QueueTesting.show(show)))
      .onComplete(ctx.succeeding(opened -> ctx.verify(() -> {
        assertThat(steps.get(0).getString("state")).isEqualTo("PREQUEUE");
        assertThat(steps.get(1).getString("state")).isEqualTo("PAUSED");
        assertThat(steps.get(2).getString("status")).isEqualTo("PREQUEUE");
        assertThat(steps.get(3).getString("state")).isEqualTo("PREQUEUE");
        assertThat(opened.getString("state")).isEqualTo("OPEN");
        assertThat(opened.getLong("waiting")).isEqualTo(1);
        assertThat(opened.getLong("preQueued")).isEqualTo(0);
        ctx.completeNow();
      })));
  }

  /** The user ids of a positions reply, by place; checks places run 1..n without a gap. */
  private static List<Long> lineOrder(JsonObject users) {
    List<Long> ids = new ArrayList<>();
    users.fieldNames().forEach(id -> ids.add(Long.parseLong(id)));
    ids.sort(Comparator.comparing(id -> users.getJsonObject(String.valueOf(id)).getLong("position")));
    for (int i = 0; i < ids.size(); i++) {
      JsonObject status = users.getJsonObject(String.valueOf(ids.get(i)));
      assertThat(status.getString("status")).isEqualTo("WAITING");
      assertThat(status.getLong("position")).isEqualTo(i + 1);
    }
    return ids;
  }
}
