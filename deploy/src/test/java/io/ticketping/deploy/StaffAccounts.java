package io.ticketping.deploy;

import io.ticketping.gateway.users.AdminAccount;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin and organiser accounts of a test system, and shows and paid orders made through the API. */
final class StaffAccounts {

  static final String ADMIN_EMAIL = "admin@ticketping.local";
  static final String ADMIN_PASSWORD = "admin-password-for-staff-tests";
  static final String PASSWORD = "organiser-password";
  /** The seats of every show made here: 2 rows of 3. */
  static final int SEATS = 6;
  static final long PRICE = 50_000;

  private final SystemFixture sys;

  private StaffAccounts(SystemFixture sys) {
    this.sys = sys;
  }

  /** The whole system, with a known admin password. */
  static StaffAccounts start(Vertx vertx) {
    return new StaffAccounts(SystemFixture.start(vertx, config -> config.getJsonObject("admin")
      .put("password", ADMIN_PASSWORD)));
  }

  SystemFixture sys() {
    return sys;
  }

  /** The admin's access token (the account is made first, as the run command does). */
  String admin() {
    AdminAccount.ensure(sys.vertx, sys.config).await();
    return login(ADMIN_EMAIL, ADMIN_PASSWORD);
  }

  /** {@code POST /api/v1/admin/organisers} as {@code token}, the answer as it is. */
  HttpResponse<Buffer> createOrganiser(String token, String email, String password) {
    return call(HttpMethod.POST, "/api/v1/admin/organisers", token, new JsonObject().put("email", email)
      .put("password", password).put("nickname", "Organiser " + email));
  }

  /** A new organiser account made by the admin; its access token. */
  String organiser(String adminToken, String email) {
    HttpResponse<Buffer> created = createOrganiser(adminToken, email, PASSWORD);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return login(email, PASSWORD);
  }

  String login(String email, String password) {
    HttpResponse<Buffer> login = sys.client.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
      .put("email", email).put("password", password)).await();
    assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
    return login.bodyAsJsonObject().getString("accessToken");
  }

  /** A show on sale now (one schedule in a week, {@value #SEATS} seats) created by {@code token}: {showId, scheduleId}. */
  long[] show(String token, String title) {
    HttpResponse<Buffer> created = call(HttpMethod.POST, "/api/v1/admin/shows", token, showBody(title));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject show = created.bodyAsJsonObject();
    return new long[] {show.getLong("showId"), show.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId")};
  }

  static JsonObject showBody(String title) {
    return new JsonObject().put("title", title).put("venue", "Hall")
      .put("saleOpensAt", Instant.now().minus(Duration.ofMinutes(1)).toString())
      .put("schedules", new JsonArray().add(new JsonObject()
        .put("startsAt", Instant.now().plus(Duration.ofDays(7)).toString())))
      .put("layout", new JsonObject().put("rows", 2).put("cols", 3).put("grades", new JsonArray()
        .add(new JsonObject().put("grade", "R").put("price", PRICE).put("rows", new JsonArray().add(1).add(2)))));
  }

  /** A new buyer's paid order of the show's first free seat, once booking has it PAID. */
  Purchase paidOrder(long[] show, String buyerEmail) {
    Purchase p = new Purchase(sys);
    p.show(show).await();
    p.buyer(sys.user(buyerEmail).await()).await();
    p.holdFirstSeat().await();
    HttpResponse<Buffer> paid = sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount).await();
    assertThat(paid.bodyAsJsonObject().getString("status")).as(paid.bodyAsString()).isEqualTo("APPROVED");
    assertThat(sys.eventually(() -> sys.orderStatus(p.orderId), "PAID"::equals, 30).await()).isEqualTo("PAID");
    return p;
  }

  /** A call as {@code token} (none when null), with a JSON body when {@code body} is not null. */
  HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) {
    HttpRequest<Buffer> request = sys.client.request(method, path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }
}
