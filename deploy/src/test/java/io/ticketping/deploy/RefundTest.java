package io.ticketping.deploy;

import io.ticketping.gateway.users.AdminAccount;
import io.ticketping.shared.events.EventTypes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Refunds of paid orders: the money back once, the seats on sale again, only for whom and when it is allowed. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class RefundTest {

  private static final String ADMIN_PASSWORD = "admin-password-for-refunds";

  @Test
  @DisplayName("a buyer refunds a paid order: REFUNDED, its seat AVAILABLE in PostgreSQL and the map, one provider "
    + "cancel, RefundCompleted once; asking again changes nothing; the seat can be bought again")
  void buyerRefunds(Vertx vertx) {
    SystemFixture sys = SystemFixture.start(vertx);
    Purchase p = paid(sys, "refund-me@example.com");
    String paymentId = sys.db.preparedQuery("SELECT id::text FROM payments WHERE order_id = $1::uuid")
      .execute(Tuple.of(p.orderId)).await().iterator().next().getString(0);

    HttpResponse<Buffer> asked = refund(sys, p.token, "/api/v1/orders/" + p.orderId + "/refund");
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
    assertThat(asked.bodyAsJsonObject().getString("status")).isEqualTo("REFUNDING");

    JsonObject order = sys.eventually(p::order, o -> "REFUNDED".equals(o.getString("status")), 30).await();
    assertThat(order.getString("status")).isEqualTo("REFUNDED");
    assertThat(sys.seatStatus(p.seatId).await()).as("PostgreSQL seat").isEqualTo("AVAILABLE");
    assertThat(sys.eventually(p::seatStatus, "AVAILABLE"::equals, 10).await()).as("Redis seat map")
      .isEqualTo("AVAILABLE");
    assertThat(sys.paymentStatuses(p.orderId).await()).containsExactly("REFUNDED");

    HttpResponse<Buffer> again = refund(sys, p.token, "/api/v1/orders/" + p.orderId + "/refund");
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("REFUNDED");
    JsonObject stats = sys.simulatorStats().await();
    assertThat(stats.getJsonObject("cancelsPerKey").getInteger(paymentId)).as("cancels sent to the provider")
      .isEqualTo(1);
    assertThat(stats.getJsonObject("liveChargesPerOrder").getInteger(p.orderId)).as("live charges").isZero();
    assertThat(sys.outboxEvents(p.orderId, EventTypes.ORDER_REFUND_REQUESTED).await()).isEqualTo(1);
    assertThat(sys.outboxEvents(p.orderId, EventTypes.PAYMENT_REFUNDED).await()).isEqualTo(1);
    assertThat(sys.outboxEvents(p.orderId, EventTypes.REFUND_COMPLETED).await()).isEqualTo(1);

    Purchase next = new Purchase(sys);
    next.show(new long[] {p.showId, p.scheduleId}).await();
    next.buyer(sys.user("next-buyer@example.com").await()).await();
    next.seatId = p.seatId;
    HttpResponse<Buffer> resold = next.hold().await();
    assertThat(resold.statusCode()).as("the refunded seat, held again: " + resold.bodyAsString()).isEqualTo(201);
  }

  @Test
  @DisplayName("a refund is refused past the show's cut-off (409) and for someone else's order (404); an admin "
    + "refunds it anyway")
  void cutOffAndOwnership(Vertx vertx) {
    SystemFixture sys = SystemFixture.start(vertx, config -> config.getJsonObject("admin")
      .put("password", ADMIN_PASSWORD));
    Purchase p = paid(sys, "too-late@example.com");
    // The demo schedule starts in about a week: a cut-off of a year puts the refund window in the past.
    sys.db.preparedQuery("UPDATE shows SET refund_cutoff_hours = 8760 WHERE id = $1").execute(Tuple.of(p.showId))
      .await();

    HttpResponse<Buffer> late = refund(sys, p.token, "/api/v1/orders/" + p.orderId + "/refund");
    assertThat(late.statusCode()).as(late.bodyAsString()).isEqualTo(409);
    assertThat(late.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(late.bodyAsJsonObject().getString("type")).endsWith("refund-cutoff");
    assertThat(late.bodyAsJsonObject().getString("refundableUntil")).isNotBlank();

    String stranger = sys.user("stranger@example.com").await();
    HttpResponse<Buffer> notTheirs = refund(sys, stranger, "/api/v1/orders/" + p.orderId + "/refund");
    assertThat(notTheirs.statusCode()).as(notTheirs.bodyAsString()).isEqualTo(404);
    HttpResponse<Buffer> notAdmin = refund(sys, stranger, "/api/v1/admin/orders/" + p.orderId + "/refund");
    assertThat(notAdmin.statusCode()).as(notAdmin.bodyAsString()).isEqualTo(403);
    assertThat(sys.orderStatus(p.orderId).await()).isEqualTo("PAID");

    AdminAccount.ensure(vertx, sys.config).await();
    String admin = sys.client.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
      .put("email", "admin@ticketping.local").put("password", ADMIN_PASSWORD)).await()
      .bodyAsJsonObject().getString("accessToken");
    HttpResponse<Buffer> byAdmin = refund(sys, admin, "/api/v1/admin/orders/" + p.orderId + "/refund");
    assertThat(byAdmin.statusCode()).as(byAdmin.bodyAsString()).isEqualTo(202);
    assertThat(sys.eventually(() -> sys.orderStatus(p.orderId), "REFUNDED"::equals, 30).await()).isEqualTo("REFUNDED");
    assertThat(sys.seatStatus(p.seatId).await()).isEqualTo("AVAILABLE");
    assertThat(sys.paymentStatuses(p.orderId).await()).isEqualTo(List.of("REFUNDED"));
  }

  private static Purchase paid(SystemFixture sys, String email) {
    Purchase p = Purchase.approved(sys, email);
    sys.eventually(p::order, o -> "PAID".equals(o.getString("status")), 30).await();
    assertThat(sys.eventually(p::seatStatus, "SOLD"::equals, 10).await()).isEqualTo("SOLD");
    return p;
  }

  private static HttpResponse<Buffer> refund(SystemFixture sys, String token, String path) {
    return sys.client.post(path).bearerTokenAuthentication(token).send().await();
  }
}
