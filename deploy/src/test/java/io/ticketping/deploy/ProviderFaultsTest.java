package io.ticketping.deploy;

import io.ticketping.shared.events.EventTypes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Money against a provider that is slow, drops answers or refuses refunds: an outcome that did not come back is
 * settled by asking the provider, never guessed, so every order ends charged exactly once or not at all.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class ProviderFaultsTest {

  @Test
  @DisplayName("the provider answers after the timeout but charged: 202 pending, a retry with a new key joins it, "
    + "and the order ends PAID with exactly one live charge")
  void lateAnswerThenNewKey(Vertx vertx) {
    SystemFixture sys = SystemFixture.start(vertx);
    Purchase p = Purchase.holding(sys, "late-answer@example.com");
    // Charged after 5 ms, answered 2.5 s later: after the 1 s provider timeout.
    sys.simulatorConfig(new JsonObject().put("answerDelayMs", 2500)).await();

    HttpResponse<Buffer> first = sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount).await();
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(202);
    assertThat(first.bodyAsJsonObject().getString("status")).isEqualTo("PENDING");
    String paymentId = first.bodyAsJsonObject().getString("paymentId");
    assertThat(first.getHeader("Location")).isEqualTo("/api/v1/payments/" + paymentId);

    // The page's next press uses a new key: it must not reach the provider with a new payment.
    sys.simulatorConfig(new JsonObject().put("answerDelayMs", 0)).await();
    HttpResponse<Buffer> retry = sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount).await();
    assertThat(retry.statusCode()).as(retry.bodyAsString()).isIn(202, 409);
    if (retry.statusCode() == 202) {
      assertThat(retry.bodyAsJsonObject().getString("paymentId")).as("the same payment").isEqualTo(paymentId);
    }

    assertPaidOnce(sys, p, paymentId);
  }

  @Test
  @DisplayName("20 buyers' presses with 20 different keys on one order, against a provider slower than the timeout: "
    + "one payment, one live charge, the order PAID")
  void manyKeysOneOrder(Vertx vertx) throws Exception {
    SystemFixture sys = SystemFixture.start(vertx);
    Purchase p = Purchase.holding(sys, "many-keys@example.com");
    sys.simulatorConfig(new JsonObject().put("answerDelayMs", 1500)).await();
    WebClient client = sys.client(20);

    // Spread over 3 s, so that later presses arrive after earlier ones timed out.
    List<Future<HttpResponse<Buffer>>> presses = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      presses.add(vertx.timer(1 + i * 150L).compose(v -> SystemFixture.pay(client, p.token, p.pass,
        UUID.randomUUID().toString(), p.orderId, p.amount)));
    }
    Future.join(presses).await(60, TimeUnit.SECONDS);
    sys.simulatorConfig(new JsonObject().put("answerDelayMs", 0)).await();

    List<HttpResponse<Buffer>> answers = presses.stream().map(Future::result).toList();
    // Once the order is PAID its pass is revoked: later presses get 401 (pass) or 409 (not payable), never a charge.
    assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as(r.bodyAsString()).isIn(200, 202, 401, 409));
    Set<String> paymentIds = answers.stream().filter(r -> r.statusCode() / 100 == 2)
      .map(r -> r.bodyAsJsonObject().getString("paymentId")).collect(Collectors.toSet());
    assertThat(paymentIds).as("every answered press names the one payment").hasSize(1);
    assertPaidOnce(sys, p, paymentIds.iterator().next());
  }

  @Test
  @DisplayName("the provider charges, then drops the connection or answers 500: pending, then APPROVED by a look-up, "
    + "the order PAID, charged once")
  void chargedButAnswerLost(Vertx vertx) {
    SystemFixture sys = SystemFixture.start(vertx);
    long[] ids = sys.demoShow(5).await();
    for (String mode : List.of("dropAfterCharge", "errorAfterCharge")) {
      Purchase p = new Purchase(sys);
      p.show(ids).await();
      p.buyer(sys.user(mode.toLowerCase() + "@example.com").await()).await();
      p.holdFirstSeat().await();
      sys.simulatorConfig(new JsonObject().put(mode, true)).await();
      HttpResponse<Buffer> paid = sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount).await();
      sys.simulatorConfig(new JsonObject().put(mode, false)).await();
      assertThat(paid.statusCode()).as(mode + ": " + paid.bodyAsString()).isEqualTo(202);
      assertPaidOnce(sys, p, paid.bodyAsJsonObject().getString("paymentId"));
    }
  }

  @Test
  @DisplayName("an approval that lands after the hold expired, while the provider refuses refunds: REFUND_PENDING, "
    + "then refunded exactly once when the provider takes refunds again")
  void refundDuringRefundOutage(Vertx vertx) {
    SystemFixture sys = SystemFixture.start(vertx, config -> {
      config.getJsonObject("booking").put("holdSeconds", 2).put("sweepMillis", 200);
      config.getJsonObject("services").put("requestTimeoutMs", 10_000);
      config.getJsonObject("payment").put("providerTimeoutMs", 6000).getJsonObject("simulator").put("latencyMs", 3500);
    });
    Purchase p = Purchase.holding(sys, "refund-outage@example.com");
    sys.simulatorConfig(new JsonObject().put("refundOutage", true)).await();

    HttpResponse<Buffer> paid = sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount).await();
    assertThat(paid.bodyAsJsonObject().getString("status")).as(paid.bodyAsString()).isEqualTo("APPROVED");
    String paymentId = paid.bodyAsJsonObject().getString("paymentId");
    assertThat(sys.eventually(() -> sys.paymentStatuses(p.orderId), s -> s.equals(List.of("REFUND_PENDING")), 20)
      .await()).isEqualTo(List.of("REFUND_PENDING"));
    // Refused cancels are retried, not parked.
    JsonObject during = sys.eventually(sys::simulatorStats,
      s -> s.getJsonObject("cancelsPerKey").getInteger(paymentId, 0) >= 3, 20).await();
    assertThat(during.getInteger("cancels")).as("nothing cancelled during the refund outage").isZero();
    assertThat(during.getJsonObject("liveChargesPerOrder").getInteger(p.orderId)).isEqualTo(1);
    assertThat(sys.paymentStatuses(p.orderId).await()).isEqualTo(List.of("REFUND_PENDING"));

    sys.simulatorConfig(new JsonObject().put("refundOutage", false)).await();
    assertThat(sys.eventually(() -> sys.paymentStatuses(p.orderId), s -> s.equals(List.of("REFUNDED")), 30).await())
      .isEqualTo(List.of("REFUNDED"));
    JsonObject after = sys.simulatorStats().await();
    assertThat(after.getInteger("cancels")).as("one cancel took effect").isEqualTo(1);
    assertThat(after.getJsonObject("liveChargesPerOrder").getInteger(p.orderId)).as("live charges").isZero();
    assertThat(sys.orderStatus(p.orderId).await()).isEqualTo("EXPIRED");
    assertThat(sys.seatStatus(p.seatId).await()).isEqualTo("AVAILABLE");
    assertThat(sys.outboxEvents(p.orderId, EventTypes.PAYMENT_REFUNDED).await()).as("PaymentRefunded events").isEqualTo(1);
  }

  /** The order ends PAID with its seat SOLD (PostgreSQL and the map), paid by {@code paymentId}, charged once. */
  private static void assertPaidOnce(SystemFixture sys, Purchase p, String paymentId) {
    JsonObject order = sys.eventually(p::order, o -> "PAID".equals(o.getString("status")), 30).await();
    assertThat(order.getString("status")).isEqualTo("PAID");
    JsonObject payment = sys.client.get("/api/v1/payments/" + paymentId).bearerTokenAuthentication(p.token).send()
      .await().bodyAsJsonObject();
    assertThat(payment.getString("status")).as(payment.encode()).isEqualTo("APPROVED");
    assertThat(sys.seatStatus(p.seatId).await()).as("PostgreSQL seat").isEqualTo("SOLD");
    assertThat(sys.eventually(p::seatStatus, "SOLD"::equals, 10).await()).as("Redis seat map").isEqualTo("SOLD");
    JsonObject stats = sys.simulatorStats().await();
    assertThat(stats.getJsonObject("liveChargesPerOrder").getInteger(p.orderId)).as("live charges of the order")
      .isEqualTo(1);
    assertThat(stats.getJsonObject("confirmsPerKey").getInteger(paymentId)).as("confirms of the payment").isEqualTo(1);
    assertThat(sys.paymentStatuses(p.orderId).await()).as("the order's payments").containsExactly("APPROVED");
  }
}
