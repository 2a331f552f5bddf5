package io.ticketping.deploy;

import io.ticketping.shared.events.EventTypes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organisers own the shows they create: each runs its own shows' waiting rooms, sales figures and refunds, and no
 * other organiser's (404, exactly as for a show that does not exist); an admin runs every show.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class OrganiserAccessTest {

  @Test
  @DisplayName("on another organiser's show every admin route about a show (queue settings, stats, pause, resume, "
    + "drain, close, sales, an order's refund) answers 404 as for a missing show and changes nothing; on its own show each works")
  void isolation(Vertx vertx) {
    StaffAccounts staff = StaffAccounts.start(vertx);
    SystemFixture sys = staff.sys();
    String admin = staff.admin();
    String ann = staff.organiser(admin, "ann@organisers.example");
    String bob = staff.organiser(admin, "bob@organisers.example");
    long[] annShow = staff.show(ann, "Ann's night");
    long[] bobShow = staff.show(bob, "Bob's night");
    String bobQueue = "/api/v1/admin/shows/" + bobShow[0] + "/queue";
    HttpResponse<Buffer> configured = staff.call(PUT, bobQueue, bob, new JsonObject().put("capacity", 7));
    assertThat(configured.statusCode()).as(configured.bodyAsString()).isEqualTo(200);
    Purchase bought = staff.paidOrder(bobShow, "buyer@example.com");
    String refund = "/api/v1/admin/orders/" + bought.orderId + "/refund";

    JsonObject missing = staff.call(GET, "/api/v1/admin/shows/999999/sales", ann, null).bodyAsJsonObject();
    for (Route route : List.of(
        new Route(PUT, bobQueue, new JsonObject().put("capacity", 1)),
        new Route(PUT, bobQueue, new JsonObject().put("capacity", "not a number")),
        new Route(GET, bobQueue, null),
        new Route(POST, bobQueue + "/pause", null),
        new Route(POST, bobQueue + "/resume", null),
        new Route(POST, bobQueue + "/drain", null),
        new Route(POST, bobQueue + "/close", null),
        new Route(GET, "/api/v1/admin/shows/" + bobShow[0] + "/sales", null))) {
      HttpResponse<Buffer> refused = staff.call(route.method, route.path, ann, route.body);
      assertThat(refused.statusCode()).as(route + ": " + refused.bodyAsString()).isEqualTo(404);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(refused.bodyAsJsonObject()).as("the same answer as for a missing show")
        .isEqualTo(missing.copy().put("detail", "You have no show " + bobShow[0] + "."));
    }
    String noOrder = java.util.UUID.randomUUID().toString();
    JsonObject missingOrder = staff.call(POST, "/api/v1/admin/orders/" + noOrder + "/refund", ann, null)
      .bodyAsJsonObject();
    HttpResponse<Buffer> refusedRefund = staff.call(POST, refund, ann, null);
    assertThat(refusedRefund.statusCode()).as(refusedRefund.bodyAsString()).isEqualTo(404);
    assertThat(refusedRefund.bodyAsJsonObject()).as("the same answer as for a missing order")
      .isEqualTo(new JsonObject(missingOrder.encode().replace(noOrder, bought.orderId)));

    JsonObject stats = staff.call(GET, bobQueue, bob, null).bodyAsJsonObject();
    assertThat(stats.getInteger("capacity")).as("capacity after Ann's PUT").isEqualTo(7);
    assertThat(stats.getString("state")).as("state after Ann's pause").isEqualTo("OPEN");
    assertThat(sys.orderStatus(bought.orderId).await()).isEqualTo("PAID");
    assertThat(sys.outboxEvents(bought.orderId, EventTypes.ORDER_REFUND_REQUESTED).await()).isZero();

    assertThat(staff.call(POST, bobQueue + "/pause", bob, null).bodyAsJsonObject().getString("state"))
      .isEqualTo("PAUSED");
    assertThat(staff.call(POST, bobQueue + "/resume", bob, null).bodyAsJsonObject().getString("state"))
      .isEqualTo("OPEN");
    assertThat(staff.call(POST, bobQueue + "/drain", bob, null).bodyAsJsonObject().getString("state"))
      .isEqualTo("DRAINING");
    assertThat(staff.call(POST, bobQueue + "/close", bob, null).bodyAsJsonObject().getString("state"))
      .isEqualTo("CLOSED");
    assertThat(staff.call(POST, bobQueue + "/resume", bob, null).bodyAsJsonObject().getString("state"))
      .isEqualTo("OPEN");
    JsonObject sales = sales(staff, bob, bobShow[0]);
    JsonObject schedule = sales.getJsonArray("schedules").getJsonObject(0);
    assertThat(schedule.getLong("scheduleId")).isEqualTo(bobShow[1]);
    assertThat(List.of(schedule.getLong("seats"), schedule.getLong("sold"), schedule.getLong("held"),
      schedule.getLong("available"))).as("seats, sold, held, available").containsExactly(6L, 1L, 0L, 5L);
    assertThat(schedule.getLong("revenue")).isEqualTo(StaffAccounts.PRICE);
    assertThat(sales.getLong("revenue")).isEqualTo(StaffAccounts.PRICE);
    assertThat(sales.getJsonObject("orders").getLong("paid")).isEqualTo(1);

    HttpResponse<Buffer> refunded = staff.call(POST, refund, bob, null);
    assertThat(refunded.statusCode()).as(refunded.bodyAsString()).isEqualTo(202);
    assertThat(sys.eventually(() -> sys.orderStatus(bought.orderId), "REFUNDED"::equals, 30).await())
      .isEqualTo("REFUNDED");
    JsonObject after = sales(staff, bob, bobShow[0]);
    assertThat(after.getJsonObject("orders").getLong("refunded")).isEqualTo(1);
    assertThat(after.getJsonObject("orders").getLong("paid")).isZero();
    assertThat(after.getLong("revenue")).isZero();
    assertThat(after.getJsonArray("schedules").getJsonObject(0).getLong("sold")).isZero();

    assertThat(showIds(staff, ann)).containsExactly(annShow[0]);
    assertThat(showIds(staff, bob)).containsExactly(bobShow[0]);
  }

  @Test
  @DisplayName("an admin runs an organiser's show (queue, sales, refund) and lists every show; a show an admin "
    + "creates belongs to no organiser, so no organiser may run it")
  void admin(Vertx vertx) {
    StaffAccounts staff = StaffAccounts.start(vertx);
    SystemFixture sys = staff.sys();
    String admin = staff.admin();
    String ann = staff.organiser(admin, "ann@organisers.example");
    long[] annShow = staff.show(ann, "Ann's night");
    long[] adminShow = staff.show(admin, "The admin's night");
    String queue = "/api/v1/admin/shows/" + annShow[0] + "/queue";

    assertThat(staff.call(PUT, queue, admin, new JsonObject().put("capacity", 3)).bodyAsJsonObject()
      .getInteger("capacity")).isEqualTo(3);
    assertThat(staff.call(GET, queue, ann, null).bodyAsJsonObject().getInteger("capacity")).isEqualTo(3);
    assertThat(staff.call(POST, queue + "/pause", admin, null).bodyAsJsonObject().getString("state"))
      .isEqualTo("PAUSED");
    assertThat(staff.call(GET, queue, admin, null).bodyAsJsonObject().getString("state")).isEqualTo("PAUSED");
    assertThat(staff.call(POST, queue + "/resume", admin, null).bodyAsJsonObject().getString("state"))
      .isEqualTo("OPEN");
    Purchase bought = staff.paidOrder(annShow, "buyer@example.com");
    assertThat(sales(staff, admin, annShow[0]).getLong("revenue")).isEqualTo(StaffAccounts.PRICE);
    HttpResponse<Buffer> refunded = staff.call(POST, "/api/v1/admin/orders/" + bought.orderId + "/refund", admin,
      null);
    assertThat(refunded.statusCode()).as(refunded.bodyAsString()).isEqualTo(202);
    assertThat(sys.eventually(() -> sys.orderStatus(bought.orderId), "REFUNDED"::equals, 30).await())
      .isEqualTo("REFUNDED");

    JsonObject all = staff.call(GET, "/api/v1/admin/shows", admin, null).bodyAsJsonObject();
    assertThat(all.getJsonArray("items").stream().map(JsonObject.class::cast)
      .map(show -> show.getLong("showId") + ":" + show.getLong("organiserId")))
      .containsExactlyInAnyOrder(annShow[0] + ":" + organiserId(staff, ann), adminShow[0] + ":null");
    assertThat(staff.call(GET, "/api/v1/admin/shows/" + adminShow[0] + "/sales", ann, null).statusCode())
      .isEqualTo(404);
    assertThat(staff.call(POST, "/api/v1/admin/shows/" + adminShow[0] + "/queue/pause", ann, null).statusCode())
      .isEqualTo(404);
    assertThat(showIds(staff, ann)).containsExactly(annShow[0]);
  }

  private static JsonObject sales(StaffAccounts staff, String token, long showId) {
    HttpResponse<Buffer> sales = staff.call(GET, "/api/v1/admin/shows/" + showId + "/sales", token, null);
    assertThat(sales.statusCode()).as(sales.bodyAsString()).isEqualTo(200);
    assertThat(sales.bodyAsJsonObject().getLong("showId")).isEqualTo(showId);
    return sales.bodyAsJsonObject();
  }

  private static List<Long> showIds(StaffAccounts staff, String token) {
    return staff.call(GET, "/api/v1/admin/shows", token, null).bodyAsJsonObject().getJsonArray("items").stream()
      .map(JsonObject.class::cast).map(show -> show.getLong("showId")).toList();
  }

  private static long organiserId(StaffAccounts staff, String token) {
    return staff.call(GET, "/api/v1/me", token, null).bodyAsJsonObject().getLong("userId");
  }

  private record Route(HttpMethod method, String path, JsonObject body) {
  }
}
