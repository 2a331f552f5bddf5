package io.ticketping.queue;

import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.queue.QueueAddresses;
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

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class BadInputTest {

  private static final List<String> USER_ADDRESSES = List.of(QueueAddresses.ENTER, QueueAddresses.STATUS,
    QueueAddresses.LEAVE, QueueAddresses.RELEASE, QueueAddresses.PASS_CHECK);
  private static final List<String> SHOW_ADDRESSES = List.of(QueueAddresses.CONFIGURE, QueueAddresses.PAUSE,
    QueueAddresses.RESUME, QueueAddresses.STATS);
  private static final List<String> BATCH_ADDRESSES = List.of(QueueAddresses.POSITIONS, QueueAddresses.HEARTBEAT);

  /** One request and the failure code it must get. */
  private record Case(String address, Object body, int status) {
  }

  @BeforeEach
  void reset(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().reset();
    QueueTesting.deploy(vertx, 0)
      .compose(v -> request(vertx, QueueAddresses.CONFIGURE, QueueTesting.show(SHOW)))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("bad input on every address is refused with 400 and a problem naming the field, never a 500")
  void badInput(Vertx vertx, VertxTestContext ctx) {
    List<Case> cases = new ArrayList<>();
    List<String> all = new ArrayList<>(USER_ADDRESSES);
    all.addAll(SHOW_ADDRESSES);
    all.addAll(BATCH_ADDRESSES);
    for (String address : all) {
      cases.add(new Case(address, null, 400));
      cases.add(new Case(address, "not json", 400));
      cases.add(new Case(address, new JsonArray().add(1), 400));
      cases.add(new Case(address, new JsonObject(), 400));
      cases.add(new Case(address, new JsonObject().put("showId", ""), 400));
      cases.add(new Case(address, new JsonObject().put("showId", "a b"), 400));
      cases.add(new Case(address, new JsonObject().put("showId", "x".repeat(65)), 400));
      cases.add(new Case(address, new JsonObject().put("showId", 42), 400));
      cases.add(new Case(address, user("{show}", 1), 400));
    }
    for (String address : USER_ADDRESSES) {
      cases.add(new Case(address, QueueTesting.show(SHOW), 400));
      for (Object userId : List.of(0, -5, 1.5, "7", true, new JsonObject(), BigInteger.TWO.pow(70))) {
        cases.add(new Case(address, QueueTesting.show(SHOW).put("userId", userId), 400));
      }
    }
    for (String address : BATCH_ADDRESSES) {
      cases.add(new Case(address, QueueTesting.show(SHOW), 400));
      cases.add(new Case(address, QueueTesting.show(SHOW).put("userIds", "1,2"), 400));
      cases.add(new Case(address, QueueTesting.show(SHOW).put("userIds", new JsonArray().add(1).add("x")), 400));
      cases.add(new Case(address, QueueTesting.show(SHOW).put("userIds", new JsonArray().add(-1)), 400));
      cases.add(new Case(address, QueueTesting.show(SHOW).put("userIds",
        new JsonArray(LongStream.rangeClosed(1, 1001).boxed().toList())), 400));
    }
    for (Object[] bad : new Object[][] {{"capacity", -1}, {"capacity", 1.5}, {"capacity", "10"},
      {"capacity", 3_000_000_000L}, {"admitPerMinute", -1}, {"passTtlSeconds", 0}, {"idleTimeoutSeconds", 0},
      {"opensAt", -1}, {"opensAt", "tomorrow"}}) {
      cases.add(new Case(QueueAddresses.CONFIGURE, QueueTesting.show(SHOW).put((String) bad[0], bad[1]), 400));
    }
    check(vertx, ctx, cases);
  }

  @Test
  @DisplayName("a show without a queue is 404 on every address but configure, and so is a status of someone not "
    + "in line")
  void unknownShow(Vertx vertx, VertxTestContext ctx) {
    List<Case> cases = new ArrayList<>();
    for (String address : USER_ADDRESSES) {
      cases.add(new Case(address, user("no-such-show", 1), 404));
    }
    for (String address : List.of(QueueAddresses.PAUSE, QueueAddresses.RESUME, QueueAddresses.STATS)) {
      cases.add(new Case(address, QueueTesting.show("no-such-show"), 404));
    }
    for (String address : BATCH_ADDRESSES) {
      cases.add(new Case(address, QueueTesting.show("no-such-show").put("userIds", new JsonArray().add(1)), 404));
    }
    cases.add(new Case(QueueAddresses.STATUS, user(SHOW, 12345), 404));
    check(vertx, ctx, cases);
  }

  @Test
  @DisplayName("omitted settings take the defaults for a new queue and keep the current values of an existing one")
  void configureDefaults(Vertx vertx, VertxTestContext ctx) {
    request(vertx, QueueAddresses.STATS, QueueTesting.show(SHOW))
      .compose(created -> request(vertx, QueueAddresses.CONFIGURE, QueueTesting.show(SHOW).put("capacity", 7)
          .put("opensAt", null))
        .map(changed -> List.of(created, changed)))
      .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
        assertThat(stats.get(0)).isEqualTo(new JsonObject().put("showId", SHOW).put("state", "OPEN")
          .put("waiting", 0L).put("working", 0L).put("preQueued", 0L).put("capacity", 100).put("admitPerMinute", 0)
          .put("admittedLastMinute", 0L).put("admittedTotal", 0L).put("passTtlSeconds", 600)
          .put("idleTimeoutSeconds", 60).put("opensAt", 0L)
          // Booking has not counted the show's seats: not sold out, nothing known.
          .putNull("seatsAvailable").putNull("seatsHeld").putNull("soldOut"));
        assertThat(stats.get(1).getInteger("capacity")).isEqualTo(7);
        assertThat(stats.get(1).getInteger("passTtlSeconds")).isEqualTo(600);
        ctx.completeNow();
      })));
  }

  private static void check(Vertx vertx, VertxTestContext ctx, List<Case> cases) {
    List<Future<JsonObject>> replies = new ArrayList<>();
    for (Case c : cases) {
      replies.add(request(vertx, c.address(), c.body()));
    }
    QueueTesting.settled(replies).onComplete(ctx.succeeding(done -> ctx.verify(() -> {
      for (int i = 0; i < cases.size(); i++) {
        Case c = cases.get(i);
        String what = c.address() + " " + c.body();
        assertThat(done.get(i).failed()).as(what).isTrue();
        ReplyException failure = (ReplyException) done.get(i).cause();
        assertThat(failure.failureCode()).as(what).isEqualTo(c.status());
        Problem problem = Problem.fromJson(new JsonObject(failure.getMessage()));
        assertThat(problem.status()).as(what).isEqualTo(c.status());
        assertThat(problem.detail()).as(what).isNotBlank();
        if (c.status() == 400 && c.body() instanceof JsonObject) {
          assertThat(problem.field()).as(what).isNotNull();
        }
      }
      ctx.completeNow();
    })));
  }
}
