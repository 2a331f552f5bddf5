package io.ticketping.deploy;

import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkout window: seats held late in a queue pass's life can be paid until their hold expires, after the pass
 * expired or was revoked. Nothing else gets through with such a pass: holding more seats, another user's or another
 * show's pass, a tampered one, or an order whose hold expired.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class CheckoutWindowTest {

  private static final int PASS_SECONDS = 10;

  @Test
  @DisplayName("a hold placed 10 s before its pass expires is paid after the pass expired, until the hold expires; "
    + "then it is 409, and another user's, another show's or a tampered pass is refused")
  void payAfterThePassExpired(Vertx vertx) {
    SystemFixture sys = SystemFixture.start(vertx, config -> config.getJsonObject("booking")
      .put("holdSeconds", 2 * PASS_SECONDS).put("sweepMillis", 200));
    long[] ids = sys.demoShow(5).await();
    sys.vertx.eventBus().request(QueueAddresses.CONFIGURE, new JsonObject().put("showId", String.valueOf(ids[0]))
      .put("passTtlSeconds", PASS_SECONDS)).await();
    Purchase paid = new Purchase(sys);
    paid.show(ids).await();
    String ann = sys.user("ann@example.com").await();
    JsonObject admitted = sys.enter(paid.showId, ann).await();
    paid.buyer(ann).await();
    Purchase lapsed = paid.another();
    paid.holdFirstSeat().await();
    lapsed.holdFirstSeat().await();
    long passEnds = admitted.getLong("passExpiresAt");
    long holdEnds = Instant.parse(paid.order().await().getString("holdExpiresAt")).toEpochMilli();
    assertThat(holdEnds - passEnds).as("hold expiry after the pass's, ms").isBetween(5_000L, 12_000L);

    // The pass has run out; the hold has ten seconds left.
    sys.vertx.timer(Math.max(0, passEnds - System.currentTimeMillis()) + 500).await();
    HttpResponse<Buffer> passCheck = sys.client.get("/api/v1/queue/" + paid.showId + "/pass")
      .bearerTokenAuthentication(ann).putHeader("X-Queue-Pass", paid.pass).send().await();
    Purchase more = paid.another();
    more.pickFirstSeat().await();
    HttpResponse<Buffer> holdMore = more.hold().await();
    String bobsPass = sys.enter(paid.showId, sys.user("bob@example.com").await()).await().getString("pass");
    HttpResponse<Buffer> othersPass = pay(sys, paid, bobsPass);
    HttpResponse<Buffer> otherShowsPass = pay(sys, paid, passOfAnotherShow(sys, paid.showId + 1000, ann));
    HttpResponse<Buffer> tampered = pay(sys, paid, paid.pass.substring(0, paid.pass.length() - 4) + "AAAA");
    HttpResponse<Buffer> own = pay(sys, paid, paid.pass);
    long paidAt = System.currentTimeMillis();

    assertThat(passCheck.statusCode()).as("the pass itself: " + passCheck.bodyAsString()).isEqualTo(401);
    assertThat(holdMore.statusCode()).as("more seats with the expired pass: " + holdMore.bodyAsString()).isEqualTo(401);
    assertThat(othersPass.statusCode()).as("another user's pass: " + othersPass.bodyAsString()).isEqualTo(403);
    assertThat(otherShowsPass.statusCode()).as("another show's pass: " + otherShowsPass.bodyAsString())
      .isEqualTo(403);
    assertThat(tampered.statusCode()).as("a tampered pass: " + tampered.bodyAsString()).isEqualTo(401);
    assertThat(paidAt).as("paid after the pass expired, before the hold did").isBetween(passEnds, holdEnds);
    assertThat(own.statusCode()).as("the expired pass: " + own.bodyAsString()).isEqualTo(200);
    assertThat(own.bodyAsJsonObject().getString("status")).isEqualTo("APPROVED");
    assertThat(sys.eventually(paid::order, o -> "PAID".equals(o.getString("status")), 20).await()
      .getString("status")).isEqualTo("PAID");

    sys.vertx.timer(Math.max(0, holdEnds - System.currentTimeMillis()) + 500).await();
    HttpResponse<Buffer> late = pay(sys, lapsed, lapsed.pass);

    assertThat(late.statusCode()).as("the hold expired: " + late.bodyAsString()).isEqualTo(409);
    assertThat(late.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(sys.simulatorStats().await().getInteger("charges")).as("charges").isEqualTo(1);
  }

  @Test
  @DisplayName("a pass revoked by leaving the line still pays a hold that is live, and not one whose hold expired")
  void payAfterThePassWasRevoked(Vertx vertx) {
    SystemFixture sys = SystemFixture.start(vertx, config -> config.getJsonObject("booking")
      .put("holdSeconds", 5).put("sweepMillis", 200));
    Purchase live = new Purchase(sys);
    live.show(sys.demoShow(5).await()).await();
    live.buyer(sys.user("cat@example.com").await()).await();
    Purchase lapsing = live.another();
    live.holdFirstSeat().await();
    lapsing.holdFirstSeat().await();

    HttpResponse<Buffer> left = sys.client.delete("/api/v1/queue/" + live.showId).bearerTokenAuthentication(live.token)
      .send().await();
    HttpResponse<Buffer> passCheck = sys.client.get("/api/v1/queue/" + live.showId + "/pass")
      .bearerTokenAuthentication(live.token).putHeader("X-Queue-Pass", live.pass).send().await();
    HttpResponse<Buffer> own = pay(sys, live, live.pass);
    long holdEnds = Instant.parse(lapsing.order().await().getString("holdExpiresAt")).toEpochMilli();
    sys.vertx.timer(Math.max(0, holdEnds - System.currentTimeMillis()) + 500).await();
    HttpResponse<Buffer> late = pay(sys, lapsing, lapsing.pass);

    assertThat(left.statusCode()).isEqualTo(204);
    assertThat(passCheck.statusCode()).as("the pass is revoked: " + passCheck.bodyAsString()).isEqualTo(401);
    assertThat(own.statusCode()).as("the live hold: " + own.bodyAsString()).isEqualTo(200);
    assertThat(own.bodyAsJsonObject().getString("status")).isEqualTo("APPROVED");
    assertThat(late.statusCode()).as("the expired hold: " + late.bodyAsString()).isEqualTo(409);
    assertThat(sys.simulatorStats().await().getInteger("charges")).as("charges").isEqualTo(1);
  }

  private static HttpResponse<Buffer> pay(SystemFixture sys, Purchase p, String pass) {
    return sys.pay(p.token, pass, UUID.randomUUID().toString(), p.orderId, p.amount).await();
  }

  /** A live pass of {@code token}'s user for another show's waiting room (the queue needs no show in booking). */
  private static String passOfAnotherShow(SystemFixture sys, long showId, String token) {
    sys.vertx.eventBus().request(QueueAddresses.CONFIGURE, new JsonObject().put("showId", String.valueOf(showId))
      .put("capacity", 5)).await();
    return sys.enter(showId, token).await().getString("pass");
  }
}
