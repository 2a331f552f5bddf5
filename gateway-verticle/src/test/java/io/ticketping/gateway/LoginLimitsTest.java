package io.ticketping.gateway;

import io.ticketping.gateway.auth.AuthRoutes;
import io.ticketping.shared.devservices.RedisServer;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The credential and session limits through a real gateway and a real Redis. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class LoginLimitsTest {

  private static final String PASSWORD = "correct-horse-battery";

  @Test
  @DisplayName("with the limiter's Redis stopped, login and signup answer 503 with Retry-After, a wrong password as "
    + "much as a right one (never 200, never a checked password), and login works again once Redis is back")
  void redisDownRefusesCredentials(Vertx vertx) throws IOException {
    Path dir = Files.createTempDirectory("ticketping-limiter-outage-");
    RedisServer redis = new RedisServer(TestServers.freePort(), dir, false).start();
    try {
      GatewayFixture gw = GatewayFixture.start(vertx, config -> config.getJsonObject("redis").put("url", redis.url()));
      assertThat(gw.signup("outage@example.com", PASSWORD, "o").await().statusCode()).isEqualTo(201);
      assertThat(gw.login("outage@example.com", PASSWORD).await().statusCode()).isEqualTo(200);
      vertx.executeBlocking(() -> {
        redis.stop();
        return null;
      }).await();
      List<HttpResponse<Buffer>> refused = List.of(gw.login("outage@example.com", PASSWORD).await(),
        gw.login("outage@example.com", "wrong-guess").await(),
        gw.signup("outage2@example.com", PASSWORD, "o").await());
      assertThat(refused).allSatisfy(r -> {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(r.getHeader("Retry-After")).isEqualTo("5");
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("rate limiter");
      });
      vertx.executeBlocking(redis::start).await();
      assertThat(eventually(vertx, () -> gw.login("outage@example.com", PASSWORD), 200, 40).statusCode())
        .isEqualTo(200);
    } finally {
      redis.stop();
    }
  }

  @Test
  @DisplayName("from a trusted proxy, X-Forwarded-For picks the bucket: one client's burst is refused while another "
    + "behind the same proxy passes, and a spoofed left-hand entry changes nothing")
  void forwardedForFromTrustedProxy(Vertx vertx) {
    GatewayFixture gw = withAddressBucketsOf3(vertx, "10.0.0.0/8, 127.0.0.1/32");
    for (int i = 0; i < 3; i++) {
      assertThat(signupFrom(gw, "198.51.100.7").statusCode()).as("schema refusal, past the limiter").isEqualTo(400);
    }
    assertThat(signupFrom(gw, "198.51.100.7").statusCode()).isEqualTo(429);
    assertThat(signupFrom(gw, "203.0.113.9, 198.51.100.7").statusCode()).as("spoofed left entry").isEqualTo(429);
    assertThat(signupFrom(gw, "198.51.100.7, 10.9.8.7").statusCode()).as("through a second proxy").isEqualTo(429);
    assertThat(signupFrom(gw, "198.51.100.8").statusCode()).as("another client").isEqualTo(400);
    assertThat(TestServers.get().redisCommand("EXISTS rl:ip:198.51.100.7")).isEqualTo(":1");
    assertThat(TestServers.get().redisCommand("EXISTS rl:ip:127.0.0.1")).isEqualTo(":0");
  }

  @Test
  @DisplayName("from a peer that is not a trusted proxy, X-Forwarded-For is ignored: every claimed address shares the "
    + "socket address's bucket")
  void forwardedForFromUntrustedPeer(Vertx vertx) {
    GatewayFixture gw = withAddressBucketsOf3(vertx, "10.0.0.0/8");
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      statuses.add(signupFrom(gw, "198.51.100." + i).statusCode());
    }
    assertThat(statuses).containsExactly(400, 400, 400, 429, 429);
    assertThat(TestServers.get().redisCommand("EXISTS rl:ip:127.0.0.1")).isEqualTo(":1");
    assertThat(TestServers.get().redisCommand("EXISTS rl:ip:198.51.100.0")).isEqualTo(":0");
  }

  @Test
  @DisplayName("an account's failures count whatever address they come from: 5 guesses from 5 addresses, and the "
    + "6th address must wait")
  void accountFailuresAcrossAddresses(Vertx vertx) {
    GatewayFixture gw = GatewayFixture.start(vertx, config ->
      config.getJsonObject("http").put("trustedProxies", "127.0.0.1"));
    assertThat(gw.signup("spread@example.com", PASSWORD, "s").await().statusCode()).isEqualTo(201);
    for (int i = 0; i < 5; i++) {
      assertThat(loginFrom(gw, "203.0.113." + i, "spread@example.com", "guess-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<Buffer> waiting = loginFrom(gw, "203.0.113.99", "SPREAD@example.com", PASSWORD);
    assertThat(waiting.statusCode()).as("another address, another spelling, the right password").isEqualTo(429);
    assertThat(waiting.getHeader("Retry-After")).isEqualTo("1");
  }

  @Test
  @DisplayName("refreshes are limited per session, not per address: a session's 6th refresh in a row is refused after "
    + "its bucket of 5, while another session from the same address, whose bucket holds 3, goes on")
  void refreshPerSession(Vertx vertx) {
    GatewayFixture gw = GatewayFixture.start(vertx, config -> config.getJsonObject("rateLimit")
      .put("perIpCapacity", 3).put("perIpRefillPerSecond", 0.001)
      .put("perSessionCapacity", 5).put("perSessionRefillPerSecond", 0.001));
    assertThat(gw.signup("session@example.com", PASSWORD, "s").await().statusCode()).isEqualTo(201);
    String first = refreshCookie(gw.login("session@example.com", PASSWORD).await());
    String second = refreshCookie(gw.login("session@example.com", PASSWORD).await());
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      HttpResponse<Buffer> refreshed = refresh(gw, first);
      statuses.add(refreshed.statusCode());
      if (refreshed.statusCode() == 200) {
        first = refreshCookie(refreshed);
      }
    }
    assertThat(statuses).as("one session's refreshes, each with its newest token").containsExactly(200, 200, 200, 200,
      200, 429);
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> refreshed = refresh(gw, second);
      assertThat(refreshed.statusCode()).as("the other session's refresh " + i + ": " + refreshed.bodyAsString())
        .isEqualTo(200);
      second = refreshCookie(refreshed);
    }
  }

  /**
   * A gateway that trusts {@code trustedProxies}, whose per-address bucket holds 3 requests and refills too slowly to
   * matter within a test.
   */
  private static GatewayFixture withAddressBucketsOf3(Vertx vertx, String trustedProxies) {
    return GatewayFixture.start(vertx, config -> {
      config.getJsonObject("http").put("trustedProxies", trustedProxies);
      config.getJsonObject("rateLimit").put("perIpCapacity", 3).put("perIpRefillPerSecond", 0.001);
    });
  }

  /** An empty signup (refused by the schema, past the limiter) claiming to come through {@code forwardedFor}. */
  private static HttpResponse<Buffer> signupFrom(GatewayFixture gw, String forwardedFor) {
    return postFrom(gw, "/api/v1/auth/signup", forwardedFor, new JsonObject());
  }

  private static HttpResponse<Buffer> loginFrom(GatewayFixture gw, String forwardedFor, String email, String password) {
    return postFrom(gw, "/api/v1/auth/login", forwardedFor, new JsonObject().put("email", email)
      .put("password", password));
  }

  private static HttpResponse<Buffer> postFrom(GatewayFixture gw, String path, String forwardedFor, JsonObject body) {
    return gw.client.post(path).putHeader("X-Forwarded-For", forwardedFor).sendJsonObject(body).await();
  }

  private static HttpResponse<Buffer> refresh(GatewayFixture gw, String cookie) {
    return gw.client.post("/api/v1/auth/refresh").putHeader("Cookie", cookie).send().await();
  }

  /** The {@code name=value} of the refresh cookie a response sets. */
  private static String refreshCookie(HttpResponse<Buffer> response) {
    return response.cookies().stream().filter(c -> c.startsWith(AuthRoutes.REFRESH_COOKIE + "=")).findFirst()
      .map(c -> c.split(";", 2)[0]).orElseThrow(() -> new AssertionError("no refresh cookie: " + response.headers()));
  }

  /** Asks every 250 ms until the answer has {@code status} or the tries run out; the last answer. */
  private static HttpResponse<Buffer> eventually(Vertx vertx, Supplier<Future<HttpResponse<Buffer>>> ask, int status,
                                                 int tries) {
    HttpResponse<Buffer> last = ask.get().await();
    for (int i = 1; i < tries && last.statusCode() != status; i++) {
      vertx.timer(250).await();
      last = ask.get().await();
    }
    return last;
  }
}
