package io.ticketping.gateway.auth;

import io.ticketping.gateway.web.Principal;
import io.ticketping.gateway.web.ProblemResponder;
import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.bus.ServiceEndpoints;
import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The show-access guard against a stand-in booking service on the event bus: show 1 is organiser 10's, show 2
 * organiser 20's, show 3 an admin's; show 500's owner cannot be read (booking answers 503); order "a" is for show 1
 * and order "b" for show 2. The caller comes from two test headers instead of a token.
 */
@ExtendWith(VertxExtension.class)
class ShowAccessTest {

  private static final Map<Long, Long> OWNERS = Map.of(1L, 10L, 2L, 20L, 3L, 0L);
  private static final Map<String, Long> ORDERS = Map.of("a", 1L, "b", 2L);

  private final AtomicInteger ownerCalls = new AtomicInteger();
  private final AtomicInteger orderCalls = new AtomicInteger();
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) {
    ServiceEndpoints.serve(vertx, BookingAddresses.SHOW_OWNER, body -> {
      ownerCalls.incrementAndGet();
      long showId = body.getLong("showId");
      if (showId == 500) {
        return Future.failedFuture(Problem.unavailable("The catalogue is down.").toException());
      }
      Long owner = OWNERS.get(showId);
      if (owner == null) {
        return Future.failedFuture(Problem.notFound("There is no show " + showId + ".").toException());
      }
      return Future.succeededFuture(new JsonObject().put("showId", showId).put("organiserId", owner == 0 ? null : owner));
    }).await();
    ServiceEndpoints.serve(vertx, BookingAddresses.ORDER_SHOW, body -> {
      orderCalls.incrementAndGet();
      Long showId = ORDERS.get(body.getString("orderId"));
      return showId == null ? Future.failedFuture(Problem.notFound("There is no order.").toException())
        : Future.succeededFuture(new JsonObject().put("orderId", body.getString("orderId")).put("showId", showId));
    }).await();

    ShowAccess access = new ShowAccess(new ServiceCalls(vertx.eventBus(), 2000));
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      new Principal(Long.parseLong(ctx.request().getHeader("X-User")), ctx.request().getHeader("X-Role")).attachTo(ctx);
      ctx.next();
    });
    router.get("/shows/:showId").handler(access.showInPath()).handler(ctx -> ctx.end("through"));
    router.post("/orders/:orderId/refund").handler(access.orderInPath()).handler(ctx -> ctx.end("through"));
    router.route().failureHandler(new ProblemResponder());
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(server.actualPort()));
  }

  @Test
  @DisplayName("an admin passes for any show, even one that does not exist, without booking being asked")
  void admin() {
    for (String show : new String[] {"1", "2", "3", "999"}) {
      assertThat(show(show, 1, Principal.ADMIN).statusCode()).as("show " + show).isEqualTo(200);
    }
    assertThat(ownerCalls.get()).isZero();
  }

  @Test
  @DisplayName("an organiser passes for its own show; another organiser's show, an admin's, a missing one and a "
    + "non-numeric id all get the same 404")
  void organiser() {
    assertThat(show("1", 10, Principal.ORGANISER).bodyAsString()).isEqualTo("through");
    for (String show : new String[] {"2", "3", "999", "abc"}) {
      HttpResponse<Buffer> refused = show(show, 10, Principal.ORGANISER);
      assertThat(refused.statusCode()).as("show " + show).isEqualTo(404);
      assertThat(refused.getHeader("Content-Type")).isEqualTo(Problem.CONTENT_TYPE);
      assertThat(refused.bodyAsJsonObject().getString("detail")).isEqualTo("You have no show " + show + ".");
    }
    assertThat(show("2", 20, Principal.ORGANISER).statusCode()).as("show 2 for its own organiser").isEqualTo(200);
  }

  @Test
  @DisplayName("a buyer (USER) and an unknown role get 403 before booking is asked")
  void otherRoles() {
    assertThat(show("1", 10, Principal.USER).statusCode()).isEqualTo(403);
    assertThat(show("1", 10, "COMPANY").statusCode()).isEqualTo(403);
    assertThat(order("a", 10, Principal.USER).statusCode()).isEqualTo(403);
    assertThat(ownerCalls.get() + orderCalls.get()).isZero();
  }

  @Test
  @DisplayName("booking is asked once per show and once per order: neither changes hands")
  void kept() {
    for (int i = 0; i < 3; i++) {
      assertThat(show("1", 10, Principal.ORGANISER).statusCode()).isEqualTo(200);
      assertThat(show("2", 10, Principal.ORGANISER).statusCode()).isEqualTo(404);
      assertThat(order("a", 10, Principal.ORGANISER).statusCode()).isEqualTo(200);
    }
    assertThat(ownerCalls.get()).as("owner look-ups").isEqualTo(2);
    assertThat(orderCalls.get()).as("order look-ups").isEqualTo(1);
  }

  @Test
  @DisplayName("an order's show decides: an organiser passes for an order of its own show; another's order, a "
    + "missing one and a malformed id get the same 404")
  void orders() {
    assertThat(order("a", 10, Principal.ORGANISER).bodyAsString()).isEqualTo("through");
    for (String order : new String[] {"b", "zzz"}) {
      HttpResponse<Buffer> refused = order(order, 10, Principal.ORGANISER);
      assertThat(refused.statusCode()).as("order " + order).isEqualTo(404);
      assertThat(refused.bodyAsJsonObject().getString("detail"))
        .isEqualTo("There is no order " + order + " for a show of yours.");
    }
    assertThat(order("b", 20, Principal.ORGANISER).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("booking failing to answer is passed on (503), not taken for 'not yours', and not kept")
  void bookingDown() {
    HttpResponse<Buffer> down = show("500", 10, Principal.ORGANISER);
    assertThat(down.statusCode()).as(down.bodyAsString()).isEqualTo(503);
    assertThat(show("500", 10, Principal.ORGANISER).statusCode()).isEqualTo(503);
    assertThat(ownerCalls.get()).as("asked again: a failure is not kept").isEqualTo(2);
  }

  private HttpResponse<Buffer> show(String showId, long userId, String role) {
    return client.get("/shows/" + showId).putHeader("X-User", Long.toString(userId)).putHeader("X-Role", role)
      .send().await();
  }

  private HttpResponse<Buffer> order(String orderId, long userId, String role) {
    return client.post("/orders/" + orderId + "/refund").putHeader("X-User", Long.toString(userId))
      .putHeader("X-Role", role).send().await();
  }
}
