package io.ticketping.gateway;

import io.ticketping.gateway.queue.pass.PassGuard;
import io.ticketping.gateway.users.AdminAccount;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile requests, one row each: every one gets its documented 4xx problem (or, for hostile but valid
 * input, its normal answer), never a 5xx and never a hang.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest {

  private static final String SIGNUP = "/api/v1/auth/signup";
  private static final String LOGIN = "/api/v1/auth/login";
  private static final String ME = "/api/v1/me";
  private static final String ADMIN_USERS = "/api/v1/admin/users";
  private static final String JSON = "application/json";
  private static final String QUEUE_ADMIN = "/api/v1/admin/shows/%s/queue";

  /**
   * One hostile request and what it must get. {@code auth}: none, user, admin, pass (user with a queue pass for
   * the table's show), or a literal header value.
   */
  record Case(String name, HttpMethod method, String path, String contentType, String body, String auth,
              int status, String field, String detail) {
    Case(String name, HttpMethod method, String path, String contentType, String body, String auth, int status,
         String field) {
      this(name, method, path, contentType, body, auth, status, field, null);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private GatewayFixture gw;
  private String userToken;
  private String adminToken;
  private String secret;
  private String pass;
  /** The subject of the real admin account, so a hostile token differs from an accepted one only where it says. */
  private String adminId;

  @BeforeAll
  void start(Vertx vertx) {
    gw = GatewayFixture.startWithBooking(vertx, config -> { });
    secret = TestServers.get().config().getJsonObject("jwt").getString("secret");
    JsonObject config = TestServers.get().config();
    config.getJsonObject("admin").put("password", "admin-password");
    AdminAccount.ensure(vertx, config).await();
    userToken = gw.userToken("user@example.com").await();
    adminToken = gw.login("admin@ticketping.local", "admin-password").await()
      .bodyAsJsonObject().getString("accessToken");
    adminId = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(adminToken.split("\\.")[1]),
      java.nio.charset.StandardCharsets.UTF_8)).getString("sub");
    gw.client.put(QUEUE_ADMIN.formatted("known")).bearerTokenAuthentication(adminToken)
      .sendJsonObject(new JsonObject().put("capacity", 1)).await();
    JsonObject show = gw.client.post(HostileBookingCases.SHOWS).bearerTokenAuthentication(adminToken)
      .sendJsonObject(BookingClient.show("Hostile", 2, 2, 2)).await().bodyAsJsonObject();
    HostileBookingCases.show = show.getLong("showId");
    HostileBookingCases.schedule = BookingClient.scheduleId(show, 0);
    HostileBookingCases.seatOfOtherSchedule = gw.client.get("/api/v1/schedules/" + BookingClient.scheduleId(show, 1)
      + "/seats").send().await().bodyAsJsonObject().getJsonArray("seats").getJsonObject(0).getLong("seatId");
    pass = gw.client.post("/api/v1/queue/" + HostileBookingCases.show).bearerTokenAuthentication(userToken).send().await()
      .bodyAsJsonObject().getString("pass");
  }

  static List<Case> cases() {
    long now = TestJwts.nowSeconds();
    String valid = "{\"email\":\"%s\",\"password\":\"long-enough\",\"nickname\":\"%s\"}";
    String deep = "{\"email\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    List<Case> c = new ArrayList<>();
    // Bodies that are not JSON objects.
    c.add(post("truncated JSON", SIGNUP, "{", 400, null));
    c.add(post("JSON cut inside a value", SIGNUP, "{\"email\":", 400, null));
    c.add(post("a JSON array", SIGNUP, "[]", 400, null));
    c.add(post("a JSON string", SIGNUP, "\"hello\"", 400, null));
    c.add(post("a JSON number", SIGNUP, "42", 400, null));
    c.add(post("JSON null", SIGNUP, "null", 400, null));
    c.add(post("an empty body", SIGNUP, "", 400, null));
    c.add(post("whitespace only", SIGNUP, "   \n ", 400, null));
    c.add(post("5,000 levels of nesting", SIGNUP, deep, 400, null));
    c.add(post("a number too large for any type", SIGNUP, "{\"email\":1e999999}", 400, null));
    c.add(post("binary garbage", SIGNUP, "\u0000\u0001\u00ff\u00fe", 400, null));
    c.add(new Case("text/plain body", HttpMethod.POST, SIGNUP, "text/plain", valid.formatted("a@b.co", "x"), null, 415, null));
    c.add(new Case("a form instead of JSON", HttpMethod.POST, SIGNUP, "application/x-www-form-urlencoded",
      "email=a@b.co&password=long-enough&nickname=x", null, 415, null));
    c.add(post("a body over the size limit", SIGNUP, "{\"nickname\":\"" + "x".repeat(70_000) + "\"}", 413, null));
    // Fields: missing, wrong type, out of range.
    c.add(post("an empty object", SIGNUP, "{}", 400, "email"));
    c.add(post("email missing", SIGNUP, "{\"password\":\"long-enough\",\"nickname\":\"x\"}", 400, "email"));
    c.add(post("email as a number", SIGNUP, "{\"email\":12,\"password\":\"long-enough\",\"nickname\":\"x\"}", 400, "email"));
    c.add(post("email as an object", SIGNUP, "{\"email\":{},\"password\":\"long-enough\",\"nickname\":\"x\"}", 400, "email"));
    c.add(post("email without @", SIGNUP, valid.formatted("not-an-email", "x"), 400, "email"));
    c.add(post("email with a space", SIGNUP, valid.formatted("a b@c.de", "x"), 400, "email"));
    c.add(post("email of 300 characters", SIGNUP, valid.formatted("a".repeat(290) + "@b.co", "x"), 400, "email"));
    c.add(post("SQL in the email", SIGNUP, valid.formatted("x' OR '1'='1@b.co", "x"), 400, "email"));
    c.add(post("password of 7 characters", SIGNUP, "{\"email\":\"a@b.co\",\"password\":\"1234567\",\"nickname\":\"x\"}", 400, "password"));
    c.add(post("password as an array", SIGNUP, "{\"email\":\"a@b.co\",\"password\":[1],\"nickname\":\"x\"}", 400, "password"));
    c.add(post("password null", SIGNUP, "{\"email\":\"a@b.co\",\"password\":null,\"nickname\":\"x\"}", 400, "password"));
    c.add(post("password of 10,000 characters", SIGNUP,
      "{\"email\":\"a@b.co\",\"password\":\"" + "p".repeat(10_000) + "\",\"nickname\":\"x\"}", 400, "password"));
    c.add(post("nickname empty", SIGNUP, valid.formatted("a@b.co", ""), 400, "nickname"));
    c.add(post("nickname of 41 characters", SIGNUP, valid.formatted("a@b.co", "n".repeat(41)), 400, "nickname"));
    c.add(post("nickname with a NUL character", SIGNUP, valid.formatted("a@b.co", "a\\u0000b"), 400, "nickname"));
    c.add(post("nickname with a newline (log forging)", SIGNUP, valid.formatted("a@b.co", "a\\nINFO fake"), 400, "nickname"));
    c.add(post("asking for the ADMIN role", SIGNUP,
      "{\"email\":\"a@b.co\",\"password\":\"long-enough\",\"nickname\":\"x\",\"role\":\"ADMIN\"}", 400, "role"));
    c.add(post("SQL in the nickname is stored as text", SIGNUP,
      valid.formatted("sql@b.co", "Robert'); DROP TABLE users;--"), 201, null));
    c.add(post("emoji and Hangul in the nickname", SIGNUP, valid.formatted("uni@b.co", "🎫 티켓 ünï"), 201, null));
    c.add(post("login: bad JSON", LOGIN, "{\"email\"", 400, null));
    c.add(post("login: password missing", LOGIN, "{\"email\":\"a@b.co\"}", 400, "password"));
    c.add(post("login: email as a boolean", LOGIN, "{\"email\":true,\"password\":\"x\"}", 400, "email"));
    c.add(post("login: SQL injection in the password", LOGIN,
      "{\"email\":\"user@example.com\",\"password\":\"' OR '1'='1\"}", 401, null));
    // Tokens.
    c.add(get("no Authorization header", ME, null, 401));
    c.add(get("Bearer with no token", ME, "Bearer ", 401));
    c.add(get("Basic instead of Bearer", ME, "Basic dXNlcjpwYXNz", 401));
    c.add(get("garbage token", ME, "Bearer abc.def.ghi", 401));
    c.add(get("token of 10,000 characters", ME, "Bearer " + "a".repeat(10_000), 401));
    c.add(get("headers over 16 KiB", ME, "Bearer " + "a".repeat(20_000), 431));
    c.add(get("a request line over 8 KiB", "/api/v1/" + "x".repeat(9_000), null, 414));
    // Hostile tokens go to an ADMIN-only route with the real admin's subject and an ADMIN role claim: accepted, any
    // of them would get the 200 that the correctly signed control row gets.
    c.add(rejectedToken("token signed with another key", "forged-key"));
    c.add(rejectedToken("alg:none token", "alg-none"));
    c.add(rejectedToken("alg:none token with the real signature kept", "alg-none-signed"));
    c.add(rejectedToken("token from another issuer", "forged-issuer"));
    c.add(rejectedToken("token without an issuer", "no-issuer"));
    c.add(rejectedToken("expired token", "expired"));
    c.add(get("control: a correctly signed ADMIN token for the admin's subject", ADMIN_USERS, "signed-admin", 200));
    c.add(get("token with a non-numeric subject", ME, "bad-subject", 401));
    c.add(get("a USER on an ADMIN route", ADMIN_USERS, "user", 403));
    c.add(get("no token on an ADMIN route", ADMIN_USERS, null, 401));
    c.add(get("admin: limit not a number", ADMIN_USERS + "?limit=abc", "admin", 400, "limit"));
    c.add(get("admin: negative offset", ADMIN_USERS + "?offset=-1", "admin", 400, "offset"));
    c.add(get("admin: limit too large", ADMIN_USERS + "?limit=100000", "admin", 400, "limit"));
    // The waiting room.
    c.add(new Case("enter a show id with a '!'", HttpMethod.POST, "/api/v1/queue/bad!id", null, null, "user", 400, "showId"));
    c.add(new Case("enter a show id of 65 characters", HttpMethod.POST, "/api/v1/queue/" + "s".repeat(65), null, null,
      "user", 400, "showId"));
    c.add(new Case("enter a show id in Hangul", HttpMethod.POST, "/api/v1/queue/%ED%8B%B0%EC%BC%93", null, null,
      "user", 400, "showId"));
    c.add(new Case("enter a show id with SQL", HttpMethod.POST, "/api/v1/queue/x%27%20OR%201=1", null, null,
      "user", 400, "showId"));
    c.add(new Case("enter a show id with a Redis hash tag", HttpMethod.POST, "/api/v1/queue/%7Bother%7D", null, null,
      "user", 400, "showId"));
    c.add(new Case("enter a show that has no queue", HttpMethod.POST, "/api/v1/queue/nothing", null, null, "user", 404, null));
    c.add(new Case("enter without a token", HttpMethod.POST, "/api/v1/queue/known", null, null, null, 401, null));
    c.add(get("poll a queue one is not in", "/api/v1/queue/known", "user", 404));
    c.add(get("stream with a bad show id", "/api/v1/queue/bad!id/stream", "user", 400, "showId"));
    c.add(get("pass route without a pass", "/api/v1/queue/known/pass", "user", 401));
    c.add(new Case("leave with a bad show id", HttpMethod.DELETE, "/api/v1/queue/bad!id", null, null, "user", 400, "showId"));
    c.add(get("poll with a bad show id", "/api/v1/queue/bad!id", "user", 400, "showId"));
    c.add(get("poll with a show id of 65 characters", "/api/v1/queue/" + "s".repeat(65), "user", 400, "showId"));
    c.add(get("pass route with a bad show id, no pass", "/api/v1/queue/bad!id/pass", "user", 401));
    c.add(get("pass route with a bad show id and another show's pass", "/api/v1/queue/bad!id/pass", "pass", 403));
    c.add(new Case("pause with a bad show id", HttpMethod.POST, QUEUE_ADMIN.formatted("bad!id") + "/pause", null, null,
      "admin", 400, "showId"));
    c.add(new Case("resume with a bad show id", HttpMethod.POST, QUEUE_ADMIN.formatted("bad!id") + "/resume", null,
      null, "admin", 400, "showId"));
    c.add(new Case("pause with a show id with a Redis hash tag", HttpMethod.POST, QUEUE_ADMIN.formatted("%7Bother%7D")
      + "/pause", null, null, "admin", 400, "showId"));
    c.add(new Case("resume with a show id of 65 characters", HttpMethod.POST, QUEUE_ADMIN.formatted("s".repeat(65))
      + "/resume", null, null, "admin", 400, "showId"));
    c.add(admin("negative capacity", "{\"capacity\":-1}", 400, "capacity"));
    c.add(admin("capacity as a string", "{\"capacity\":\"100\"}", 400, "capacity"));
    c.add(admin("fractional rate", "{\"admitPerMinute\":1.5}", 400, "admitPerMinute"));
    c.add(admin("zero pass lifetime", "{\"passTtlSeconds\":0}", 400, "passTtlSeconds"));
    c.add(admin("idle timeout of a year", "{\"idleTimeoutSeconds\":31536000}", 400, "idleTimeoutSeconds"));
    c.add(admin("opensAt not a date", "{\"opensAt\":\"next tuesday\"}", 400, "opensAt"));
    c.add(admin("opensAt negative", "{\"opensAt\":-5}", 400, "opensAt"));
    c.add(admin("an unknown setting", "{\"capacity\":1,\"vip\":true}", 400, "vip"));
    c.add(admin("settings as an array", "[1,2]", 400, null));
    c.add(new Case("queue settings by a USER", HttpMethod.PUT, QUEUE_ADMIN.formatted("known"), JSON, "{}", "user", 403, null));
    c.add(new Case("pause a show without a queue", HttpMethod.POST, QUEUE_ADMIN.formatted("nothing") + "/pause", null,
      null, "admin", 404, null));
    c.add(get("stats with a bad show id", QUEUE_ADMIN.formatted("bad!id"), "admin", 400, "showId"));
    HostileBookingCases.add(c);
    // Routing.
    c.add(get("an unknown address", "/api/v1/nothing-here", null, 404));
    c.add(get("path traversal", "/api/v1/../../etc/passwd", null, 404));
    c.add(new Case("PUT on login", HttpMethod.PUT, LOGIN, JSON, "{}", null, 405, null));
    c.add(new Case("DELETE on me", HttpMethod.DELETE, ME, null, null, "user", 405, null));
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("a hostile request gets its documented answer, never a 5xx or a hang")
  void hostile(Case c, VertxTestContext ctx) {
    HttpRequest<Buffer> request = gw.client.request(c.method(), c.path()).timeout(10_000);
    String auth = authHeader(c.auth());
    if (auth != null) {
      request.putHeader("Authorization", auth);
    }
    if ("pass".equals(c.auth())) {
      request.putHeader(PassGuard.HEADER, pass);
    }
    if (c.contentType() != null) {
      request.putHeader("Content-Type", c.contentType());
    }
    (c.body() == null ? request.send() : request.sendBuffer(Buffer.buffer(c.body())))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertThat(response.statusCode()).as(c.name() + ": " + response.bodyAsString()).isEqualTo(c.status());
        if (c.status() >= 400) {
          assertProblem(response, c);
        }
        ctx.completeNow();
      })));
  }

  private static void assertProblem(HttpResponse<Buffer> response, Case c) {
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(c.status());
    assertThat(problem.getString("type")).startsWith("urn:ticketping:problem:");
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
    if (c.field() != null) {
      assertThat(problem.getString("field")).isEqualTo(c.field());
      assertThat(problem.getString("detail")).contains(c.field());
    }
    if (c.detail() != null) {
      assertThat(problem.getString("detail")).isEqualTo(c.detail());
    }
  }

  private String authHeader(String auth) {
    long now = TestJwts.nowSeconds();
    if (auth == null) {
      return null;
    }
    JsonObject admin = TestJwts.claims(adminId, now + 600, "ticketping", "ADMIN");
    String signed = TestJwts.hs256(secret, admin);
    return Map.ofEntries(
      Map.entry("user", "Bearer " + userToken),
      Map.entry("pass", "Bearer " + userToken),
      Map.entry("admin", "Bearer " + adminToken),
      Map.entry("signed-admin", "Bearer " + signed),
      Map.entry("forged-key", "Bearer " + TestJwts.hs256("another-secret-another-secret-another", admin)),
      Map.entry("alg-none", "Bearer " + TestJwts.unsigned(admin)),
      Map.entry("alg-none-signed", "Bearer " + TestJwts.unsigned(admin) + signed.substring(signed.lastIndexOf('.') + 1)),
      Map.entry("forged-issuer", "Bearer " + TestJwts.hs256(secret, admin.copy().put("iss", "someone-else"))),
      Map.entry("no-issuer", "Bearer " + TestJwts.hs256(secret, withoutIssuer(admin))),
      Map.entry("expired", "Bearer " + TestJwts.hs256(secret, TestJwts.claims(adminId, now - 60, "ticketping", "ADMIN"))),
      Map.entry("bad-subject", "Bearer " + TestJwts.hs256(secret, TestJwts.claims("1 OR 1=1", now + 600, "ticketping", "USER")))
    ).getOrDefault(auth, auth);
  }

  private static JsonObject withoutIssuer(JsonObject claims) {
    JsonObject copy = claims.copy();
    copy.remove("iss");
    return copy;
  }

  /** A hostile token on the ADMIN-only user list: 401 with the bearer check's own detail, not a later 401 or 403. */
  private static Case rejectedToken(String name, String auth) {
    return new Case(name, HttpMethod.GET, ADMIN_USERS, null, null, auth, 401, null,
      "The access token is invalid or expired.");
  }

  private static Case admin(String name, String body, int status, String field) {
    return new Case(name, HttpMethod.PUT, QUEUE_ADMIN.formatted("known"), JSON, body, "admin", status, field);
  }

  private static Case post(String name, String path, String body, int status, String field) {
    return new Case(name, HttpMethod.POST, path, JSON, body, null, status, field);
  }

  static Case get(String name, String path, String auth, int status) {
    return get(name, path, auth, status, null);
  }

  static Case get(String name, String path, String auth, int status, String field) {
    return new Case(name, HttpMethod.GET, path, null, null, auth, status, field);
  }
}
