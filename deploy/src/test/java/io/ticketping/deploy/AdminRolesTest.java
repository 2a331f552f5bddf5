package io.ticketping.deploy;

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

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may use the admin routes at all: an admin makes organisers; buyers and organisers make no one. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class AdminRolesTest {

  @Test
  @DisplayName("a buyer (USER) gets 403 on every admin route, and nothing changes; an organiser gets 403 on creating "
    + "organisers and on the list of users")
  void forbidden(Vertx vertx) {
    StaffAccounts staff = StaffAccounts.start(vertx);
    String admin = staff.admin();
    String ann = staff.organiser(admin, "ann@organisers.example");
    long[] show = staff.show(ann, "Ann's night");
    String buyer = staff.sys().user("buyer@example.com").await();
    String queue = "/api/v1/admin/shows/" + show[0] + "/queue";
    JsonObject newOrganiser = new JsonObject().put("email", "new@organisers.example")
      .put("password", StaffAccounts.PASSWORD).put("nickname", "New");

    for (Route route : List.of(
        new Route(GET, "/api/v1/admin/users", null),
        new Route(POST, "/api/v1/admin/organisers", newOrganiser),
        new Route(POST, "/api/v1/admin/shows", StaffAccounts.showBody("A buyer's show")),
        new Route(GET, "/api/v1/admin/shows", null),
        new Route(PUT, queue, new JsonObject().put("capacity", 0)),
        new Route(GET, queue, null),
        new Route(POST, queue + "/pause", null),
        new Route(POST, queue + "/resume", null),
        new Route(POST, queue + "/drain", null),
        new Route(POST, queue + "/close", null),
        new Route(GET, "/api/v1/admin/shows/" + show[0] + "/sales", null),
        new Route(POST, "/api/v1/admin/orders/" + UUID.randomUUID() + "/refund", null))) {
      HttpResponse<Buffer> refused = staff.call(route.method, route.path, buyer, route.body);
      assertThat(refused.statusCode()).as("USER on " + route + ": " + refused.bodyAsString()).isEqualTo(403);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
    for (Route route : List.of(
        new Route(GET, "/api/v1/admin/users", null),
        new Route(POST, "/api/v1/admin/organisers", newOrganiser))) {
      HttpResponse<Buffer> refused = staff.call(route.method, route.path, ann, route.body);
      assertThat(refused.statusCode()).as("ORGANISER on " + route + ": " + refused.bodyAsString()).isEqualTo(403);
    }

    JsonObject stats = staff.call(GET, queue, ann, null).bodyAsJsonObject();
    assertThat(stats.getString("state")).as("after the buyer's pause").isEqualTo("OPEN");
    assertThat(stats.getInteger("capacity")).as("after the buyer's PUT").isPositive();
    assertThat(staff.call(GET, "/api/v1/shows?limit=100", null, null).bodyAsJsonObject().getJsonArray("items")
      .size()).as("shows after the buyer's POST").isEqualTo(1);
    HttpResponse<Buffer> login = staff.call(POST, "/api/v1/auth/login", null, new JsonObject()
      .put("email", "new@organisers.example").put("password", StaffAccounts.PASSWORD));
    assertThat(login.statusCode()).as("the organiser nobody was allowed to create").isEqualTo(401);
  }

  @Test
  @DisplayName("an admin creates an organiser (201 with role ORGANISER; 409 for a taken email, 400 for a short "
    + "password), whose access token and account say ORGANISER")
  void createOrganiser(Vertx vertx) {
    StaffAccounts staff = StaffAccounts.start(vertx);
    String admin = staff.admin();
    staff.sys().user("taken@example.com").await();

    HttpResponse<Buffer> created = staff.createOrganiser(admin, "Ann@Organisers.example", StaffAccounts.PASSWORD);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject account = created.bodyAsJsonObject();
    assertThat(account.getString("email")).isEqualTo("ann@organisers.example");
    assertThat(account.getString("role")).isEqualTo("ORGANISER");
    assertThat(account.getString("nickname")).isEqualTo("Organiser Ann@Organisers.example");
    assertThat(account.getLong("userId")).isPositive();
    assertThat(account.containsKey("passwordHash")).isFalse();

    HttpResponse<Buffer> taken = staff.createOrganiser(admin, "taken@example.com", StaffAccounts.PASSWORD);
    assertThat(taken.statusCode()).as(taken.bodyAsString()).isEqualTo(409);
    HttpResponse<Buffer> twice = staff.createOrganiser(admin, "ann@organisers.example", StaffAccounts.PASSWORD);
    assertThat(twice.statusCode()).as(twice.bodyAsString()).isEqualTo(409);
    HttpResponse<Buffer> shortPassword = staff.createOrganiser(admin, "short@organisers.example", "seven77");
    assertThat(shortPassword.statusCode()).as(shortPassword.bodyAsString()).isEqualTo(400);
    assertThat(shortPassword.bodyAsJsonObject().getString("field")).isEqualTo("password");

    String token = staff.login("ann@organisers.example", StaffAccounts.PASSWORD);
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
      StandardCharsets.UTF_8));
    assertThat(claims.getJsonArray("roles").getList()).containsExactly("ORGANISER");
    assertThat(claims.getString("sub")).isEqualTo(String.valueOf(account.getLong("userId")));
    JsonObject me = staff.call(GET, "/api/v1/me", token, null).bodyAsJsonObject();
    assertThat(me.getString("role")).isEqualTo("ORGANISER");
    List<String> roles = staff.call(GET, "/api/v1/admin/users", admin, null).bodyAsJsonObject().getJsonArray("items")
      .stream().map(JsonObject.class::cast).map(user -> user.getString("email") + ":" + user.getString("role"))
      .toList();
    assertThat(roles).contains("ann@organisers.example:ORGANISER", "taken@example.com:USER")
      .noneMatch(row -> row.startsWith("short@"));
  }

  private record Route(HttpMethod method, String path, JsonObject body) {
  }
}
