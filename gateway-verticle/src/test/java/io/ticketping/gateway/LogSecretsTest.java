package io.ticketping.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.ticketping.gateway.auth.AuthRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway logs (logback, the project's SLF4J backend) while a user signs up, logs in, refreshes, calls with a
 * bearer token and streams with {@code ?access_token=}: no line holds the password, a token or the refresh cookie.
 */
class LogSecretsTest {

  private static final String PASSWORD = "Secret-Passw0rd-For-Logs";

  private Vertx vertx;
  private GatewayFixture gw;
  private final ListAppender<ILoggingEvent> rootAppender = new ListAppender<>();
  private final ListAppender<ILoggingEvent> accessAppender = new ListAppender<>();
  private final Map<Logger, Level> levels = new LinkedHashMap<>();

  @BeforeEach
  void start() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger access = (Logger) LoggerFactory.getLogger("ticketping.access");
    // Our own loggers at DEBUG, so that a secret logged even below the default level is caught.
    for (String name : List.of("ticketping", "io.ticketping")) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      levels.put(logger, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    rootAppender.start();
    accessAppender.start();
    root.addAppender(rootAppender);
    access.addAppender(accessAppender);
    vertx = Vertx.vertx();
    // No grace for refresh retries: the old cookie presented again below must count as a reuse.
    gw = GatewayFixture.startWithQueue(vertx, config -> {
      config.getJsonObject("http").put("accessLog", true);
      config.getJsonObject("jwt").put("refreshGraceSeconds", 0);
    });
  }

  @AfterEach
  void stop() {
    try {
      vertx.close().await();
    } finally {
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(rootAppender);
      ((Logger) LoggerFactory.getLogger("ticketping.access")).detachAppender(accessAppender);
      levels.forEach(Logger::setLevel);
    }
  }

  @Test
  @DisplayName("signup, login, refresh, a bearer call and a stream with ?access_token= log no password, token or cookie")
  void noSecretsInLogs() throws Exception {
    String email = "logs@example.com";
    HttpResponse<Buffer> signup = gw.signup(email, PASSWORD, "Logs").await();
    assertThat(signup.statusCode()).isEqualTo(201);
    HttpResponse<Buffer> wrong = gw.login(email, PASSWORD + "-wrong").await();
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> login = gw.login(email, PASSWORD).await();
    assertThat(login.statusCode()).isEqualTo(200);
    String token = login.bodyAsJsonObject().getString("accessToken");
    String cookie = refreshCookie(login);

    HttpResponse<Buffer> refresh = gw.client.post("/api/v1/auth/refresh")
      .putHeader("Cookie", AuthRoutes.REFRESH_COOKIE + "=" + cookie).send().await();
    assertThat(refresh.statusCode()).as(refresh.bodyAsString()).isEqualTo(200);
    String refreshedToken = refresh.bodyAsJsonObject().getString("accessToken");
    String rotatedCookie = refreshCookie(refresh);

    assertThat(gw.client.get("/api/v1/me").bearerTokenAuthentication(refreshedToken).send().await().statusCode())
      .isEqualTo(200);
    assertThat(gw.client.put("/api/v1/admin/shows/logs/queue").bearerTokenAuthentication(gw.tokenFor(999_999, "ADMIN"))
      .sendJsonObject(new JsonObject().put("capacity", 0)).await().statusCode()).isEqualTo(200);
    assertThat(gw.client.post("/api/v1/queue/logs").bearerTokenAuthentication(token).send().await().statusCode())
      .isEqualTo(200);
    HttpClient http = vertx.createHttpClient();
    assertThat(stream(http, "/api/v1/queue/logs/stream?access_token=" + token)).isEqualTo(200);
    String forged = token.substring(0, token.length() - 4) + "AAAA";
    assertThat(stream(http, "/api/v1/queue/logs/stream?access_token=" + forged)).isEqualTo(401);
    // The old cookie was consumed by the rotation: using it again is refused and ends the session, with a security
    // warning that must not hold the cookie either.
    assertThat(gw.client.post("/api/v1/auth/refresh").putHeader("Cookie", AuthRoutes.REFRESH_COOKIE + "=" + cookie)
      .send().await().statusCode()).isEqualTo(401);

    // Access lines are written when a response ends: wait for the stream's, which ends last.
    long deadline = System.currentTimeMillis() + 10_000;
    while (accessLines().stream().filter(l -> l.contains("/stream")).count() < 2
      && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    List<String> access = accessLines();
    assertThat(access).as("the access log was captured").anyMatch(l -> l.contains("path=\"/api/v1/auth/login\""))
      .anyMatch(l -> l.contains("path=\"/api/v1/auth/refresh\"")).anyMatch(l -> l.contains("path=\"/api/v1/me\""))
      .anyMatch(l -> l.contains("path=\"/api/v1/queue/logs/stream\"") && l.contains("status=200"));
    List<String> all = new ArrayList<>(lines(rootAppender));
    all.addAll(access);
    Map<String, String> secrets = Map.of("the password", PASSWORD, "the access token", token,
      "the refreshed access token", refreshedToken, "the forged token", forged, "the refresh cookie", cookie,
      "the rotated refresh cookie", rotatedCookie, "a token parameter", "access_token=");
    secrets.forEach((what, secret) -> assertThat(all).as("log lines holding " + what)
      .noneMatch(line -> line.contains(secret)));
    // The signature alone (what a partial token in a log line would most likely keep) is not logged either.
    String signature = token.substring(token.lastIndexOf('.') + 1);
    assertThat(all).noneMatch(line -> line.contains(signature));
  }

  private static String refreshCookie(HttpResponse<Buffer> response) {
    String value = response.cookies().stream().filter(c -> c.startsWith(AuthRoutes.REFRESH_COOKIE + "="))
      .map(c -> c.substring(AuthRoutes.REFRESH_COOKIE.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
      .findFirst().orElseThrow();
    assertThat(value).hasSizeGreaterThan(20);
    return value;
  }

  /** Opens an SSE stream with the token in the query (as EventSource does), then closes it: its status. */
  private int stream(HttpClient http, String uri) {
    HttpClientResponse response = http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
      .setPort(gw.port).setURI(uri).putHeader("Accept", "text/event-stream")).compose(r -> r.send()).await();
    int status = response.statusCode();
    response.request().connection().close().await();
    return status;
  }

  private List<String> accessLines() {
    return lines(accessAppender);
  }

  /** Every captured event as one text: message, arguments, MDC and any stack trace. */
  private static List<String> lines(ListAppender<ILoggingEvent> appender) {
    List<ILoggingEvent> events;
    synchronized (appender) {
      events = List.copyOf(appender.list);
    }
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : events) {
      StringBuilder line = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage())
        .append(' ').append(e.getMDCPropertyMap());
      if (e.getThrowableProxy() != null) {
        line.append(' ').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
      }
      lines.add(line.toString());
    }
    return lines;
  }
}
