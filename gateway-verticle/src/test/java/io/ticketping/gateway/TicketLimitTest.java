package io.ticketping.gateway;

import io.ticketping.gateway.queue.pass.QueuePasses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.ticketping.gateway.BookingClient.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-buyer ticket limit under fire, through the gateway against the real servers: one buyer's holds racing each
 * other (with one pass, two passes at once, and again after leaving and entering the line), ten buyers racing for a
 * schedule's last seats, and a cancel giving tickets back. PostgreSQL's count is the one checked.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TicketLimitTest {

  /** The default limit: the shows here do not set one. */
  private static final int LIMIT = 4;

  /** One hold request and its answer. */
  record Attempt(long userId, List<Long> seats, HttpResponse<Buffer> response) {
  }

  private ShowOnSaleFixture sale;

  @BeforeEach
  void start(Vertx vertx) {
    sale = ShowOnSaleFixture.start(vertx, config -> { }, BookingClient.show("Limit", 10, 10, 1));
    sale.api.capacity(sale.showId, 100).await();
  }

  @AfterEach
  void stop() {
    sale.close();
  }

  @Test
  @DisplayName("one buyer firing 50 holds of 1 or 2 other seats at once with one pass ends with 3 or 4 seats (never "
    + "more) in PostgreSQL and Redis; every refusal is a 409 ticket-limit")
  void oneBuyerOnePass() {
    String pass = sale.api.pass(1, sale.showId).await();

    List<Attempt> attempts = fire(1, List.of(pass), disjointPlan(0, 50)).await();

    assertAllHeldOrOverLimit(attempts);
    assertThat(assertHeld(1, attempts)).isBetween(LIMIT - 1L, (long) LIMIT);
  }

  @Test
  @DisplayName("the same buyer with two live passes at once (as two gateways each sign one for the slot), 25 holds "
    + "each: still 3 or 4 seats, never more")
  void oneBuyerTwoPasses() {
    JsonObject entered = sale.gw.client.post("/api/v1/queue/" + sale.showId)
      .bearerTokenAuthentication(sale.api.user(1)).send().await().bodyAsJsonObject();
    QueuePasses otherGateway = new QueuePasses(sale.gw.vertx, sale.gw.config.getJsonObject("queuePass"));
    String second;
    try {
      second = otherGateway.issue(1, String.valueOf(sale.showId), entered.getLong("passExpiresAt")).await();
    } finally {
      otherGateway.close().await();
    }
    assertThat(second).as("a pass of its own").isNotEqualTo(entered.getString("pass"));

    List<Attempt> attempts = fire(1, List.of(entered.getString("pass"), second), disjointPlan(0, 50)).await();

    assertAllHeldOrOverLimit(attempts);
    assertThat(assertHeld(1, attempts)).isBetween(LIMIT - 1L, (long) LIMIT);
    assertThat(attempts.stream().filter(a -> a.response().statusCode() == 201).count())
      .as("both passes worked").isGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName("leaving the line and entering again gives a new pass, not new tickets: 16 more holds at once with "
    + "the new and the old pass add nothing past the limit")
  void leaveAndEnterAgain() {
    String first = sale.api.pass(1, sale.showId).await();
    List<Attempt> before = fire(1, List.of(first), disjointPlan(0, 50)).await();
    long heldBefore = assertHeld(1, before);
    assertThat(heldBefore).isBetween(LIMIT - 1L, (long) LIMIT);
    assertThat(sale.api.delete("/api/v1/queue/" + sale.showId, 1).await().statusCode()).isEqualTo(204);
    String again = sale.api.pass(1, sale.showId).await();
    assertThat(again).isNotEqualTo(first);

    // Other seats than the first round's, so only the limit can refuse these. The old pass names the same user's
    // slot, which is live again: it works as well as the new one, and both count against one limit.
    List<Attempt> after = fire(1, List.of(again, first), disjointPlan(75, 16)).await();

    assertAllHeldOrOverLimit(after);
    List<Attempt> all = new ArrayList<>(before);
    all.addAll(after);
    long heldAfter = assertHeld(1, all);
    assertThat(heldAfter).as("seats held after entering again").isBetween(heldBefore, (long) LIMIT);
    assertThat(after).as("holds refused for the limit after entering again")
      .anyMatch(a -> a.response().statusCode() == 409);
    after.stream().filter(a -> a.response().statusCode() == 409).forEach(a ->
      assertThat(a.response().bodyAsJsonObject().getLong("held")).as("the count kept across passes")
        .isGreaterThanOrEqualTo(heldBefore));
  }

  @Test
  @DisplayName("10 buyers racing for the last 12 seats of a schedule, 6 overlapping holds each at once: nobody over "
    + "the limit, no seat in two orders, the stores agree seat by seat and buyer by buyer")
  void tenBuyersForTheLastSeats() {
    // Fillers take 88 of the 100 seats first, 4 each (and the last 0), within their own limits.
    for (int filler = 0; filler < 22; filler++) {
      long user = 100 + filler;
      String pass = sale.api.pass(user, sale.showId).await();
      HttpResponse<Buffer> held = sale.api.hold(user, pass, sale.scheduleId,
        sale.seats.subList(filler * 4, filler * 4 + 4)).await();
      BookingClient.expect(held, 201, "filler hold");
    }
    List<Long> last = sale.seats.subList(88, 100);
    Map<Long, String> passes = sale.api.passes(1, 10, sale.showId).await();
    Random random = new Random(10);
    List<Future<Attempt>> racing = new ArrayList<>();
    for (long user = 1; user <= 10; user++) {
      for (int i = 0; i < 6; i++) {
        List<Long> pick = new ArrayList<>(last);
        Collections.shuffle(pick, random);
        long u = user;
        List<Long> wanted = List.copyOf(pick.subList(0, 1 + i % 2));
        racing.add(sale.api.hold(u, passes.get(u), sale.scheduleId, wanted).map(r -> new Attempt(u, wanted, r)));
      }
    }
    List<Attempt> attempts = Future.all(racing).await().list();

    for (Attempt attempt : attempts) {
      int status = attempt.response().statusCode();
      assertThat(status).as(describe(attempt)).isIn(201, 409);
      if (status == 409) {
        JsonObject problem = attempt.response().bodyAsJsonObject();
        assertThat(problem.getString("type")).as(describe(attempt)).matches(".*(seats-taken|ticket-limit)$");
        if (problem.getString("type").endsWith("ticket-limit")) {
          assertOverLimit(attempt);
        }
      }
    }
    Map<Long, List<String>> ordersBySeat = sale.api.liveOrdersBySeat(sale.scheduleId).await();
    ordersBySeat.forEach((seat, orders) -> assertThat(orders).as("live orders of seat %d", seat).hasSize(1));
    for (long user = 1; user <= 10; user++) {
      long u = user;
      assertHeld(user, attempts.stream().filter(a -> a.userId() == u).toList());
    }
    assertThat(sale.api.redisStates(sale.scheduleId).await()).as("Redis agrees with PostgreSQL seat by seat")
      .isEqualTo(sale.api.postgresStates(sale.scheduleId).await());
  }

  @Test
  @DisplayName("at the limit a further hold is refused with limit and held; cancelling an order gives its tickets "
    + "back, up to the limit again")
  void cancelGivesTicketsBack() {
    String pass = sale.api.pass(1, sale.showId).await();
    JsonObject first = created(sale.api.hold(1, pass, sale.scheduleId, sale.seats.subList(0, 2)).await());
    created(sale.api.hold(1, pass, sale.scheduleId, sale.seats.subList(2, 4)).await());
    HttpResponse<Buffer> atLimit = sale.api.hold(1, pass, sale.scheduleId, sale.seats.subList(4, 5)).await();

    HttpResponse<Buffer> cancelled = sale.api.delete(ORDERS + "/" + first.getString("orderId"), 1).await();
    created(sale.api.hold(1, pass, sale.scheduleId, sale.seats.subList(5, 7)).await());
    HttpResponse<Buffer> atLimitAgain = sale.api.hold(1, pass, sale.scheduleId, sale.seats.subList(7, 8)).await();

    assertThat(atLimit.statusCode()).as(atLimit.bodyAsString()).isEqualTo(409);
    assertThat(atLimit.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = atLimit.bodyAsJsonObject();
    assertThat(problem.getString("type")).endsWith("ticket-limit");
    assertThat(problem.getString("title")).isEqualTo("Ticket limit reached");
    assertThat(problem.getInteger("limit")).isEqualTo(LIMIT);
    assertThat(problem.getInteger("held")).isEqualTo(4);
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    assertThat(atLimitAgain.statusCode()).as(atLimitAgain.bodyAsString()).isEqualTo(409);
    assertThat(atLimitAgain.bodyAsJsonObject().getInteger("held")).isEqualTo(4);
    assertThat(sale.api.postgresStates(sale.scheduleId).await().get(sale.seats.get(4)))
      .as("nothing held over the limit").isEqualTo("AVAILABLE");
    assertThat(sale.api.buyerSeats(sale.scheduleId, 1).await()).isEqualTo(4);
    assertThat(sale.api.redisBuyerSeats(sale.scheduleId, 1).await()).isEqualTo(4);
  }

  @Test
  @DisplayName("a show created with its own limit of 2 says so, and a single order of 3 seats is refused whole")
  void showsOwnLimit() {
    JsonObject show = sale.api.createShow(BookingClient.show("Two each", 1, 5, 1).put("ticketLimit", 2)).await();
    long otherShow = show.getLong("showId");
    long otherSchedule = BookingClient.scheduleId(show, 0);
    List<Long> otherSeats = sale.api.seatIds(otherSchedule).await();
    String pass = sale.api.pass(1, otherShow).await();

    HttpResponse<Buffer> three = sale.api.hold(1, pass, otherSchedule, otherSeats.subList(0, 3)).await();
    HttpResponse<Buffer> two = sale.api.hold(1, pass, otherSchedule, otherSeats.subList(0, 2)).await();
    JsonObject described = sale.api.get("/api/v1/shows/" + otherShow, 1).await().bodyAsJsonObject();

    assertThat(show.getInteger("ticketLimit")).isEqualTo(2);
    assertThat(described.getInteger("ticketLimit")).isEqualTo(2);
    assertThat(three.statusCode()).as(three.bodyAsString()).isEqualTo(409);
    assertThat(three.bodyAsJsonObject().getInteger("limit")).isEqualTo(2);
    assertThat(three.bodyAsJsonObject().getInteger("held")).isZero();
    assertThat(two.statusCode()).as(two.bodyAsString()).isEqualTo(201);
  }

  /**
   * {@code count} requests for 1 or 2 seats in turn, none sharing a seat, from the {@code from}-th seat on: only the
   * limit can refuse them.
   */
  private List<List<Long>> disjointPlan(int from, int count) {
    List<List<Long>> plan = new ArrayList<>();
    int next = from;
    for (int i = 0; i < count; i++) {
      int size = 1 + i % 2;
      plan.add(List.copyOf(sale.seats.subList(next, next + size)));
      next += size;
    }
    return plan;
  }

  /** Sends every planned hold of {@code userId} at once, the passes taken in turn. */
  private Future<List<Attempt>> fire(long userId, List<String> passes, List<List<Long>> plan) {
    List<Future<Attempt>> attempts = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      List<Long> wanted = plan.get(i);
      attempts.add(sale.api.hold(userId, passes.get(i % passes.size()), sale.scheduleId, wanted)
        .map(r -> new Attempt(userId, wanted, r)));
    }
    return Future.all(attempts).map(all -> all.list());
  }

  private static void assertAllHeldOrOverLimit(List<Attempt> attempts) {
    for (Attempt attempt : attempts) {
      assertThat(attempt.response().statusCode()).as(describe(attempt)).isIn(201, 409);
      if (attempt.response().statusCode() == 409) {
        assertOverLimit(attempt);
      }
    }
  }

  /** A 409 ticket-limit problem whose numbers explain the refusal. */
  private static void assertOverLimit(Attempt attempt) {
    JsonObject problem = attempt.response().bodyAsJsonObject();
    assertThat(problem.getString("type")).as(describe(attempt)).endsWith("ticket-limit");
    assertThat(problem.getString("title")).isEqualTo("Ticket limit reached");
    assertThat(problem.getInteger("limit")).isEqualTo(LIMIT);
    assertThat(problem.getInteger("held")).as(describe(attempt)).isBetween(LIMIT - attempt.seats().size() + 1, LIMIT);
  }

  /**
   * The user's seats in PostgreSQL: exactly those of their 201 answers, 3 or 4 once a 1-or-2-seat request was
   * refused (a gate that let one more through would make it 5 or 6), and the same count in the Redis gate.
   */
  private long assertHeld(long userId, List<Attempt> attempts) {
    long answered = attempts.stream().filter(a -> a.response().statusCode() == 201)
      .mapToLong(a -> a.response().bodyAsJsonObject().getJsonArray("seats").size()).sum();
    boolean refusedForLimit = attempts.stream().anyMatch(a -> a.response().statusCode() == 409
      && a.response().bodyAsJsonObject().getString("type").endsWith("ticket-limit"));
    long held = sale.api.buyerSeats(sale.scheduleId, userId).await();
    assertThat(held).as("user %d's seats in PostgreSQL", userId).isEqualTo(answered).isLessThanOrEqualTo(LIMIT);
    if (refusedForLimit) {
      assertThat(held).as("user %d, refused for the limit", userId).isGreaterThanOrEqualTo(LIMIT - 1);
    }
    assertThat(sale.api.redisBuyerSeats(sale.scheduleId, userId).await()).as("user %d's count in Redis", userId)
      .isEqualTo(held);
    return held;
  }

  private static JsonObject created(HttpResponse<Buffer> response) {
    return BookingClient.expect(response, 201, "hold").bodyAsJsonObject();
  }

  private static String describe(Attempt attempt) {
    return "user " + attempt.userId() + " asking for " + attempt.seats() + ": " + attempt.response().statusCode()
      + " " + attempt.response().bodyAsString();
  }
}
