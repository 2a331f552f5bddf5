package io.ticketping.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ticketping.gateway.auth.AuthRoutes;
import io.ticketping.gateway.auth.Sessions;
import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions against real Redis and PostgreSQL and real gateways: logout and "log out everywhere" end access tokens
 * within a second on every gateway JVM, a replayed refresh token ends its whole session, and a session ends at its
 * absolute lifetime however often it was refreshed.
 */
class SessionsTest {

  private static final String PASSWORD = "correct-horse-battery";

  private final ListAppender<ILoggingEvent> sessionLog = new ListAppender<>();
  private final Logger sessionLogger = (Logger) LoggerFactory.getLogger(Sessions.class);
  private Vertx vertx;
  private Vertx otherJvm;
  private GatewayFixture gw;

  private void start(Consumer<JsonObject> tweak) {
    JsonObject config = TestServers.get().config();
    vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), config));
    gw = GatewayFixture.start(vertx, tweak);
    sessionLog.start();
    sessionLogger.addAppender(sessionLog);
  }

  @AfterEach
  void stop() {
    sessionLogger.detachAppender(sessionLog);
    if (otherJvm != null) {
      otherJvm.close().await();
    }
    vertx.close().await();
  }

  @Test
  @DisplayName("after logout the session's access token gets 401 within a second, on this gateway and on another JVM's")
  void logoutEndsAccessTokens() throws InterruptedException {
    start(config -> { });
    WebClient other = secondGatewayJvm();
    HttpResponse<Buffer> login = signupAndLogin("ann@example.com");
    String token = login.bodyAsJsonObject().getString("accessToken");
    assertThat(me(gw.client, token)).isEqualTo(200);
    assertThat(me(other, token)).as("the other gateway has verified (and remembered) it too").isEqualTo(200);
    // Another session of the same user is not touched by this logout.
    String otherSession = gw.login("ann@example.com", PASSWORD).await().bodyAsJsonObject().getString("accessToken");

    HttpResponse<Buffer> logout = gw.client.post("/api/v1/auth/logout").putHeader("Cookie", refreshCookie(login))
      .send().await();
    long loggedOutAt = System.currentTimeMillis();
    assertThat(logout.statusCode()).isEqualTo(204);

    assertThat(me(gw.client, token)).as("on the gateway that logged out: at once").isEqualTo(401);
    long refusedAfter = millisUntilRefused(other, token, loggedOutAt);
    assertThat(refusedAfter).as("ms until the other JVM refused the token").isLessThan(1000);
    assertThat(me(other, otherSession)).isEqualTo(200);
    assertThat(refresh(refreshCookie(login)).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("a replayed refresh token ends its whole session: the legitimate holder's next refresh and access "
    + "token get 401, with a WARN naming user and session and a counter")
  void replayEndsTheFamily() throws InterruptedException {
    start(config -> config.getJsonObject("jwt").put("refreshGraceSeconds", 1));
    HttpResponse<Buffer> login = signupAndLogin("bob@example.com");
    long userId = gw.client.get("/api/v1/me").bearerTokenAuthentication(login.bodyAsJsonObject()
      .getString("accessToken")).send().await().bodyAsJsonObject().getLong("userId");
    String stolen = refreshCookie(login);
    HttpResponse<Buffer> legit = refresh(stolen);
    assertThat(legit.statusCode()).isEqualTo(200);
    String legitToken = legit.bodyAsJsonObject().getString("accessToken");
    String sessionId = claims(legitToken).getString("sid");
    assertThat(claims(login.bodyAsJsonObject().getString("accessToken")).getString("sid"))
      .as("a refresh continues the login's session").isEqualTo(sessionId);
    assertThat(me(gw.client, legitToken)).isEqualTo(200);

    Thread.sleep(1100); // past the grace, in which the stolen token would pass for a retried refresh
    HttpResponse<Buffer> replay = refresh(stolen);
    long replayedAt = System.currentTimeMillis();
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.getHeader("Content-Type")).isEqualTo("application/problem+json");

    assertThat(refresh(refreshCookie(legit)).statusCode()).as("the legitimate holder's next refresh").isEqualTo(401);
    assertThat(millisUntilRefused(gw.client, legitToken, replayedAt)).isLessThan(1000);
    assertThat(sessionLog.list).filteredOn(e -> e.getLevel() == Level.WARN)
      .extracting(ILoggingEvent::getFormattedMessage)
      .singleElement().satisfies(line -> assertThat(line).contains("user " + userId).contains("session " + sessionId)
        .doesNotContain(stolen.substring(stolen.indexOf('.') + 1)));
    assertThat(gw.client.get("/metrics").send().await().bodyAsString())
      .contains("ticketping_auth_refresh_reused_total 1.0");
  }

  @Test
  @DisplayName("within the grace, the token rotated away last is a retry or a second tab: two refreshes at once with "
    + "one cookie both succeed, a lost answer retried succeeds, and the session goes on")
  void racingRefreshesKeepTheSession() {
    start(config -> { });
    HttpResponse<Buffer> login = signupAndLogin("eve@example.com");
    String first = refreshCookie(login);
    List<HttpResponse<Buffer>> racing = Future.all(
        gw.client.post("/api/v1/auth/refresh").putHeader("Cookie", first).send(),
        gw.client.post("/api/v1/auth/refresh").putHeader("Cookie", first).send())
      .await().list();
    assertThat(racing).extracting(HttpResponse::statusCode).containsExactly(200, 200);
    String second = refreshCookie(racing.get(0));
    String third = refreshCookie(racing.get(1));
    assertThat(second).isNotEqualTo(third);
    // The browser's jar keeps one of the two; whichever it is goes on.
    HttpResponse<Buffer> next = refresh(third);
    assertThat(next.statusCode()).as(next.bodyAsString()).isEqualTo(200);
    String token = next.bodyAsJsonObject().getString("accessToken");
    assertThat(me(gw.client, token)).isEqualTo(200);
    // A lost answer retried: the token just rotated away works once more, and the session still stands.
    HttpResponse<Buffer> retried = refresh(third);
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(200);
    assertThat(refresh(refreshCookie(retried)).statusCode()).isEqualTo(200);
    assertThat(me(gw.client, token)).isEqualTo(200);
    assertThat(sessionLog.list).noneMatch(e -> e.getLevel() == Level.WARN);
  }

  @Test
  @DisplayName("logout-all ends both live sessions of the user (access and refresh tokens), and a later login works")
  void logoutEverywhere() throws InterruptedException {
    start(config -> { });
    HttpResponse<Buffer> first = signupAndLogin("cat@example.com");
    HttpResponse<Buffer> second = gw.login("cat@example.com", PASSWORD).await();
    String firstToken = first.bodyAsJsonObject().getString("accessToken");
    String secondToken = second.bodyAsJsonObject().getString("accessToken");
    assertThat(claims(firstToken).getString("sid")).isNotEqualTo(claims(secondToken).getString("sid"));
    String someoneElse = signupAndLogin("dan@example.com").bodyAsJsonObject().getString("accessToken");
    assertThat(me(gw.client, secondToken)).isEqualTo(200);
    // A third session, already ended by its own logout, is not counted again.
    HttpResponse<Buffer> third = gw.login("cat@example.com", PASSWORD).await();
    assertThat(gw.client.post("/api/v1/auth/logout").putHeader("Cookie", refreshCookie(third)).send().await()
      .statusCode()).isEqualTo(204);

    HttpResponse<Buffer> all = gw.client.post("/api/v1/auth/logout-all").bearerTokenAuthentication(firstToken)
      .send().await();
    long endedAt = System.currentTimeMillis();
    assertThat(all.statusCode()).as(all.bodyAsString()).isEqualTo(200);
    assertThat(all.bodyAsJsonObject().getInteger("sessionsEnded")).isEqualTo(2);

    assertThat(millisUntilRefused(gw.client, firstToken, endedAt)).isLessThan(1000);
    assertThat(millisUntilRefused(gw.client, secondToken, endedAt)).isLessThan(1000);
    assertThat(refresh(refreshCookie(first)).statusCode()).isEqualTo(401);
    assertThat(refresh(refreshCookie(second)).statusCode()).isEqualTo(401);
    assertThat(me(gw.client, someoneElse)).as("another user's session").isEqualTo(200);
    assertThat(gw.client.post("/api/v1/auth/logout-all").send().await().statusCode())
      .as("without a bearer token").isEqualTo(401);
    String again = gw.login("cat@example.com", PASSWORD).await().bodyAsJsonObject().getString("accessToken");
    assertThat(me(gw.client, again)).isEqualTo(200);
  }

  @Test
  @DisplayName("past the absolute session lifetime refresh answers 401, though the session was refreshed all along")
  void absoluteLifetime() throws InterruptedException {
    start(config -> config.getJsonObject("jwt").put("sessionLifetimeSeconds", 2));
    HttpResponse<Buffer> login = signupAndLogin("eve@example.com");
    long loggedInAt = System.currentTimeMillis();
    String cookie = refreshCookie(login);
    int refreshes = 0;
    while (System.currentTimeMillis() - loggedInAt < 1500) {
      HttpResponse<Buffer> refreshed = refresh(cookie);
      assertThat(refreshed.statusCode()).as("refresh within the lifetime").isEqualTo(200);
      cookie = refreshCookie(refreshed);
      refreshes++;
      Thread.sleep(250);
    }
    assertThat(refreshes).isGreaterThan(3);
    Thread.sleep(Math.max(0, loggedInAt + 2200 - System.currentTimeMillis()));
    HttpResponse<Buffer> late = refresh(cookie);
    assertThat(late.statusCode()).isEqualTo(401);
    assertThat(late.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  /** A gateway in a Vert.x of its own, as in another JVM, on the same Redis and PostgreSQL. */
  private WebClient secondGatewayJvm() {
    otherJvm = Vertx.vertx();
    GatewayVerticle gateway = new GatewayVerticle();
    otherJvm.deployVerticle(gateway, new DeploymentOptions().setConfig(gw.config)).await();
    return WebClient.create(otherJvm, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(gateway.actualPort()));
  }

  private HttpResponse<Buffer> signupAndLogin(String email) {
    assertThat(gw.signup(email, PASSWORD, "nick").await().statusCode()).isEqualTo(201);
    HttpResponse<Buffer> login = gw.login(email, PASSWORD).await();
    assertThat(login.statusCode()).isEqualTo(200);
    return login;
  }

  private HttpResponse<Buffer> refresh(String cookie) {
    return gw.client.post("/api/v1/auth/refresh").putHeader("Cookie", cookie).send().await();
  }

  private static int me(WebClient client, String token) {
    return client.get("/api/v1/me").bearerTokenAuthentication(token).send().await().statusCode();
  }

  /** Asks with the token every 20 ms until it is refused: how long after {@code since} that was (ms). */
  private static long millisUntilRefused(WebClient client, String token, long since) throws InterruptedException {
    long deadline = since + 5000;
    while (System.currentTimeMillis() < deadline) {
      int status = me(client, token);
      if (status == 401) {
        return System.currentTimeMillis() - since;
      }
      assertThat(status).isEqualTo(200);
      Thread.sleep(20);
    }
    return Long.MAX_VALUE;
  }

  private static JsonObject claims(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static String refreshCookie(HttpResponse<Buffer> response) {
    List<String> cookies = response.cookies();
    return cookies.stream()
      .filter(c -> c.startsWith(AuthRoutes.REFRESH_COOKIE + "="))
      .map(c -> c.substring(0, c.indexOf(';')))
      .findFirst()
      .orElseThrow(() -> new AssertionError("no refresh cookie in " + cookies));
  }
}
