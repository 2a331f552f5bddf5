package io.ticketping.gateway;

import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.Waits;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Status polls answered from the gateway's view (no Redis call, no event-bus hop) must say what the queue service
 * would: they follow the ticks, keep a poller's place, never show a place that is gone, and are rate-limited.
 */
@ExtendWith(VertxExtension.class)
class PollViewTest {

  private GatewayFixture gw;
  private String admin;
  private final AtomicInteger statusCalls = new AtomicInteger();

  @BeforeEach
  void countStatusCalls(Vertx vertx) {
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (QueueAddresses.STATUS.equals(delivery.message().address())) {
        statusCalls.incrementAndGet();
      }
      delivery.next();
    });
  }

  /** The gateway and the queue service (ticks every 100 ms unless {@code tweak} says otherwise). */
  private void start(Vertx vertx, Consumer<JsonObject> tweak) {
    gw = GatewayFixture.startWithQueue(vertx, tweak);
    admin = gw.tokenFor(999_999, "ADMIN");
  }

  @Test
  @DisplayName("repeated polls are answered without asking the queue service, with the queue service's answer")
  void pollsAnsweredFromTheView(Vertx vertx) {
    start(vertx, config -> { });
    configure("view", new JsonObject().put("capacity", 1).put("idleTimeoutSeconds", 600));
    enter("view", 1);
    enter("view", 2);
    enter("view", 3);
    warmUp("view", 3);
    int before = statusCalls.get();
    List<JsonObject> answers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      HttpResponse<Buffer> poll = poll("view", 3);
      assertThat(poll.statusCode()).isEqualTo(200);
      assertThat(poll.getHeader("Content-Type")).startsWith("application/json");
      answers.add(poll.bodyAsJsonObject());
    }
    assertThat(statusCalls.get() - before).as("polls that went to the queue service").isLessThan(5);
    JsonObject fromService = gw.vertx.eventBus()
      .<JsonObject>request(QueueAddresses.STATUS, new JsonObject().put("showId", "view").put("userId", 3))
      .await().body();
    assertThat(fromService.getLong("position")).isEqualTo(2);
    assertThat(answers).allSatisfy(answer -> assertThat(answer).isEqualTo(fromService));
  }

  @Test
  @DisplayName("with two gateway instances in one JVM, one reads the line and both answer from it")
  void instancesShareOneLine(Vertx vertx) {
    // One server port, connections alternate; ticks a second apart, so only the announcement can correct a line.
    gw = GatewayFixture.startWithQueue(vertx, config -> config.getJsonObject("queue").put("tickMillis", 1000), 2);
    admin = gw.tokenFor(999_999, "ADMIN");
    configure("shared", new JsonObject().put("capacity", 1).put("idleTimeoutSeconds", 600));
    enter("shared", 1);
    enter("shared", 2);
    WebClient fresh = WebClient.create(vertx,
      new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gw.port).setKeepAlive(false));
    // Each poll on a new connection, so both instances are asked; only the reader reads lines itself.
    for (int i = 0; i < 4; i++) {
      fresh.get("/api/v1/queue/shared").bearerTokenAuthentication(gw.tokenFor(2, "USER")).send().await();
    }
    Waits.later(vertx, 2 * gw.config.getJsonObject("queue").getLong("tickMillis") + 300).await();
    int before = statusCalls.get();
    for (int i = 0; i < 40; i++) {
      HttpResponse<Buffer> poll = fresh.get("/api/v1/queue/shared")
        .bearerTokenAuthentication(gw.tokenFor(2, "USER")).send().await();
      assertThat(poll.statusCode()).isEqualTo(200);
      assertThat(poll.bodyAsJsonObject().getLong("position")).isEqualTo(1);
    }
    assertThat(statusCalls.get() - before).as("polls on either instance that went to the queue service")
      .isLessThan(5);
    // Leaving through one instance: no instance answers the gone place from the shared line.
    HttpResponse<Buffer> left = fresh.delete("/api/v1/queue/shared").bearerTokenAuthentication(gw.tokenFor(2, "USER"))
      .send().await();
    assertThat(left.statusCode()).isEqualTo(204);
    Waits.later(vertx, 50).await(); // the announcement is in flight (microseconds); the next read is up to a tick away
    for (int i = 0; i < 4; i++) {
      HttpResponse<Buffer> poll = fresh.get("/api/v1/queue/shared")
        .bearerTokenAuthentication(gw.tokenFor(2, "USER")).send().await();
      assertThat(poll.statusCode()).as("poll %d after leaving: %s", i, poll.bodyAsString()).isEqualTo(404);
    }
  }

  @Test
  @DisplayName("answers follow the ticks: the line moves up, and an admission comes with a pass")
  void answersFollowTheTicks(Vertx vertx) {
    start(vertx, config -> { });
    configure("moves", new JsonObject().put("capacity", 1).put("idleTimeoutSeconds", 600));
    enter("moves", 1);
    enter("moves", 2);
    enter("moves", 3);
    assertThat(poll("moves", 3).bodyAsJsonObject().getLong("position")).isEqualTo(2);
    // Admitted user 1 gives the slot up: the next tick admits 2, and 3 moves to the head.
    assertThat(leave("moves", 1).statusCode()).isEqualTo(204);
    JsonObject head = pollUntil("moves", 3, answer -> Long.valueOf(1).equals(answer.getLong("position")));
    assertThat(head.getString("status")).isEqualTo("WAITING");
    assertThat(leave("moves", 2).statusCode()).isEqualTo(204);
    JsonObject admitted = pollUntil("moves", 3, answer -> "ADMITTED".equals(answer.getString("status")));
    assertThat(admitted.getString("pass")).isNotBlank();
    assertThat(admitted.getLong("passExpiresAt")).isGreaterThan(System.currentTimeMillis());
    HttpResponse<Buffer> passCheck = gw.client.get("/api/v1/queue/moves/pass")
      .bearerTokenAuthentication(gw.tokenFor(3, "USER")).putHeader("X-Queue-Pass", admitted.getString("pass"))
      .send().await();
    assertThat(passCheck.statusCode()).as("the pass from a polled answer is honoured").isEqualTo(200);
    assertThat(poll("moves", 3).bodyAsJsonObject().getString("pass")).as("the same pass while the slot lasts")
      .isEqualTo(admitted.getString("pass"));
  }

  @Test
  @DisplayName("a waiter whose polls are answered from the view keeps the place; a silent one loses it")
  void pollersKeepTheirPlace(Vertx vertx) {
    start(vertx, config -> { });
    configure("ghosts", new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 1));
    enter("ghosts", 1);
    enter("ghosts", 2);
    int before = statusCalls.get();
    long until = System.currentTimeMillis() + 3500;
    while (System.currentTimeMillis() < until) {
      HttpResponse<Buffer> poll = poll("ghosts", 1);
      assertThat(poll.statusCode()).as("the poller's place").isEqualTo(200);
      Waits.later(gw.vertx, 100).await();
    }
    assertThat(statusCalls.get() - before).as("most polls answered from the view").isLessThan(15);
    assertThat(poll("ghosts", 2).statusCode()).as("the silent waiter").isEqualTo(404);
    assertThat(poll("ghosts", 1).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a place that is gone is never answered from the view: leaving, and a slot released after a purchase")
  void gonePlacesAreForgotten(Vertx vertx) {
    // Ticks a second apart: a view stays fresh long enough that only the queue's announcement can correct it.
    start(vertx, config -> config.getJsonObject("queue").put("tickMillis", 1000));
    configure("gone", new JsonObject().put("capacity", 1).put("idleTimeoutSeconds", 600));
    enter("gone", 1);
    enter("gone", 2);
    warmUp("gone", 1);
    int before = statusCalls.get();
    assertThat(poll("gone", 1).bodyAsJsonObject().getString("status")).isEqualTo("ADMITTED");
    assertThat(poll("gone", 2).bodyAsJsonObject().getString("status")).isEqualTo("WAITING");
    assertThat(statusCalls.get()).as("the waiter answered from the view, the admitted by the queue service")
      .isEqualTo(before + 1);
    // As after a purchase: the queue service releases the slot; no HTTP request of this user is involved.
    JsonObject released = gw.vertx.eventBus().<JsonObject>request(QueueAddresses.RELEASE,
      new JsonObject().put("showId", "gone").put("userId", 1)).await().body();
    assertThat(released.getBoolean("released")).isTrue();
    Waits.later(vertx, 50).await(); // the announcement is in flight (microseconds), the next tick up to a second away
    HttpResponse<Buffer> afterRelease = poll("gone", 1);
    assertThat(afterRelease.statusCode()).as("poll right after the release: " + afterRelease.bodyAsString())
      .isEqualTo(404);
    assertThat(leave("gone", 2).statusCode()).isEqualTo(204);
    HttpResponse<Buffer> afterLeave = poll("gone", 2);
    assertThat(afterLeave.statusCode()).as("poll right after leaving: " + afterLeave.bodyAsString()).isEqualTo(404);
  }

  @Test
  @DisplayName("leaving while a show's first line is being read: the poll after the 204 is never answered from it")
  void leavingDuringTheFirstRead(Vertx vertx) {
    // Ticks every 20 ms: some leave lands while the read that the first poll asked for is still under way.
    start(vertx, config -> config.getJsonObject("queue").put("tickMillis", 20));
    for (int i = 0; i < 40; i++) {
      String show = "first-read-" + i;
      configure(show, new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 600));
      enter(show, 1);
      assertThat(poll(show, 1).statusCode()).isEqualTo(200); // from now on the show's line is read here
      Waits.later(vertx, 1 + i % 20).await();
      assertThat(leave(show, 1).statusCode()).isEqualTo(204);
      HttpResponse<Buffer> after = poll(show, 1);
      assertThat(after.statusCode()).as("poll right after leaving %s: %s", show, after.bodyAsString()).isEqualTo(404);
    }
  }

  @Test
  @DisplayName("polls answered from the view are rate-limited per user: 429 with Retry-After")
  void pollsAreRateLimited(Vertx vertx) {
    start(vertx, config -> config.getJsonObject("rateLimit")
      .put("perUserCapacity", 5).put("perUserRefillPerSecond", 0.5));
    configure("limited", new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 600));
    enter("limited", 1);
    warmUp("limited", 1);
    List<Integer> codes = new ArrayList<>();
    HttpResponse<Buffer> refused = null;
    for (int i = 0; i < 10; i++) {
      HttpResponse<Buffer> poll = poll("limited", 1);
      codes.add(poll.statusCode());
      if (poll.statusCode() == 429) {
        refused = poll;
      }
    }
    assertThat(codes).containsOnly(200, 429);
    assertThat(codes.subList(0, 3)).as("a client under the limit").containsOnly(200);
    assertThat(refused).as("a burst over the limit").isNotNull();
    assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).isPositive();
    assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(poll("limited", 2).statusCode()).as("another user is not limited by it").isEqualTo(404);
  }

  @Test
  @DisplayName("while no seat is on sale, polls answered from the view say SOLD_OUT and keep the place, then WAITING "
    + "when a seat comes back; a closed queue's polls say CLOSED")
  void soldOutAndClosedFromTheView(Vertx vertx) {
    start(vertx, config -> { });
    // Nobody is admitted (capacity 0), so a seat coming back changes what waiters are told, not who waits.
    configure("sold", new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 600));
    enter("sold", 1);
    enter("sold", 2);
    warmUp("sold", 2);
    seats("sold", 0, 4, 1);
    JsonObject soldOut = pollUntil("sold", 2, answer -> "SOLD_OUT".equals(answer.getString("status")));
    assertThat(soldOut.getString("soldOut")).isEqualTo("FOR_NOW");
    assertThat(soldOut.getLong("position")).as("the place is kept").isEqualTo(2);
    assertThat(soldOut.getValue("etaSeconds")).isNull();
    int before = statusCalls.get();
    for (int i = 0; i < 20; i++) {
      assertThat(poll("sold", 2).bodyAsJsonObject()).isEqualTo(soldOut);
    }
    assertThat(statusCalls.get() - before).as("polls that went to the queue service").isLessThan(3);
    JsonObject fromService = gw.vertx.eventBus()
      .<JsonObject>request(QueueAddresses.STATUS, new JsonObject().put("showId", "sold").put("userId", 2))
      .await().body();
    assertThat(fromService).as("the view says what the queue service says").isEqualTo(soldOut);

    seats("sold", 1, 3, 2);
    JsonObject back = pollUntil("sold", 2, answer -> "WAITING".equals(answer.getString("status")));
    assertThat(back.getLong("position")).isEqualTo(2);
    assertThat(back.containsKey("soldOut")).isFalse();

    HttpResponse<Buffer> closed = gw.client.post("/api/v1/admin/shows/sold/queue/close")
      .bearerTokenAuthentication(admin).send().await();
    assertThat(closed.statusCode()).isEqualTo(200);
    JsonObject told = pollUntil("sold", 1, answer -> "CLOSED".equals(answer.getString("status")));
    assertThat(told.getLong("position")).isEqualTo(1);
    assertThat(told.getString("state")).isEqualTo("CLOSED");
  }

  @Test
  @DisplayName("a waiter who polls while the show is sold out keeps the place past the idle timeout; a silent one "
    + "loses it")
  void soldOutPollersKeepTheirPlace(Vertx vertx) {
    start(vertx, config -> { });
    configure("held", new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 1));
    enter("held", 1);
    enter("held", 2);
    seats("held", 0, 1, 1);
    int before = statusCalls.get();
    long until = System.currentTimeMillis() + 3500;
    while (System.currentTimeMillis() < until) {
      HttpResponse<Buffer> poll = poll("held", 2);
      assertThat(poll.statusCode()).as("the poller's place").isEqualTo(200);
      Waits.later(gw.vertx, 100).await();
    }
    assertThat(statusCalls.get() - before).as("most polls answered from the view").isLessThan(15);
    JsonObject kept = poll("held", 2).bodyAsJsonObject();
    assertThat(kept.getString("status")).isEqualTo("SOLD_OUT");
    assertThat(kept.getLong("position")).as("the silent waiter ahead was dropped").isEqualTo(1);
    assertThat(poll("held", 1).statusCode()).as("the silent waiter").isEqualTo(404);
  }

  @Test
  @DisplayName("a user polling many times a round costs one heartbeat a round (an eighth of the idle timeout), and "
    + "a new round beats again")
  void oneHeartbeatPerRound(Vertx vertx) {
    AtomicInteger beats = new AtomicInteger();
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (QueueAddresses.HEARTBEAT.equals(delivery.message().address())
        && delivery.message().body() instanceof JsonObject body && "rounds".equals(body.getString("showId"))) {
        beats.addAndGet(body.getJsonArray("userIds").size());
      }
      delivery.next();
    });
    start(vertx, config -> { });
    // Rounds of 2 s: polls every 50 ms for 1.5 s mostly fall in one round, 3 s of them span at least two.
    configure("rounds", new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 16));
    enter("rounds", 1);
    warmUp("rounds", 1);
    Waits.later(gw.vertx, 2_100).await(); // the warm-up's round is over
    int before = beats.get();
    long until = System.currentTimeMillis() + 3_000;
    int polls = 0;
    while (System.currentTimeMillis() < until) {
      assertThat(poll("rounds", 1).statusCode()).isEqualTo(200);
      polls++;
      Waits.later(gw.vertx, 50).await();
    }
    Waits.later(gw.vertx, 300).await(); // the last tick's batch is out
    int written = beats.get() - before;
    assertThat(polls).isGreaterThan(20);
    assertThat(written).as("heartbeats of %d polls over 3 s in rounds of 2 s", polls).isBetween(2, 3);
  }

  /** Booking's count of the show's seats on sale, as booking sends it after a change. */
  private void seats(String show, long available, long held, long version) {
    gw.vertx.eventBus().request(QueueAddresses.SEATS, new JsonObject().put("showId", show).put("available", available)
      .put("held", held).put("version", version)).await();
  }

  /** One poll (so the show is read at its ticks here), then time for two ticks: the view is fresh. */
  private void warmUp(String show, long user) {
    assertThat(poll(show, user).statusCode()).isEqualTo(200);
    Waits.later(gw.vertx, 2 * gw.config.getJsonObject("queue").getLong("tickMillis") + 300).await();
  }

  private JsonObject pollUntil(String show, long user, Predicate<JsonObject> done) {
    long until = System.currentTimeMillis() + 5000;
    JsonObject last = null;
    while (System.currentTimeMillis() < until) {
      last = poll(show, user).bodyAsJsonObject();
      if (done.test(last)) {
        return last;
      }
      Waits.later(gw.vertx, 50).await();
    }
    throw new AssertionError("no such answer within 5 s; last: " + last);
  }

  private HttpResponse<Buffer> poll(String show, long user) {
    return gw.client.get("/api/v1/queue/" + show).bearerTokenAuthentication(gw.tokenFor(user, "USER")).send().await();
  }

  private HttpResponse<Buffer> enter(String show, long user) {
    HttpResponse<Buffer> entered = gw.client.post("/api/v1/queue/" + show)
      .bearerTokenAuthentication(gw.tokenFor(user, "USER")).send().await();
    assertThat(entered.statusCode()).as("enter " + user).isEqualTo(200);
    return entered;
  }

  private HttpResponse<Buffer> leave(String show, long user) {
    return gw.client.delete("/api/v1/queue/" + show).bearerTokenAuthentication(gw.tokenFor(user, "USER")).send()
      .await();
  }

  private void configure(String show, JsonObject settings) {
    HttpResponse<Buffer> r = gw.client.put("/api/v1/admin/shows/" + show + "/queue").bearerTokenAuthentication(admin)
      .sendJsonObject(settings).await();
    assertThat(r.statusCode()).as("configure " + show + ": " + r.bodyAsString()).isEqualTo(200);
  }
}
