package io.ticketping.gateway;

import io.ticketping.gateway.auth.AuthRoutes;
import io.ticketping.gateway.users.PasswordHasher;
import io.ticketping.shared.config.AppConfig;
import io.ticketping.shared.pg.PgPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sale's opening behind one NAT, with the production rate limits: every request of the test comes from 127.0.0.1,
 * as a thousand buyers behind one carrier address would.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class NatRushTest {

  private static final int BUYERS = 1000;
  private static final String PASSWORD = "correct-horse-battery";
  private static final String VICTIM = "victim@example.com";
  /** The seat page's refresh period. */
  private static final long SEAT_POLL_MS = 3000;
  /** Buyers arrive this far apart: 50 a second, all 1,000 within 20 s. */
  private static final long ARRIVAL_GAP_MS = 20;

  @Test
  @DisplayName("1,000 buyers from one address log in, refresh and poll a seat map without a single 429, while a "
    + "password-guessing loop on one account from that address is made to wait 3, 6, 12 s between guesses, refused "
    + "even with the right password while it waits, and forgiven by a right password after")
  void natBuyersAndAGuesser(Vertx vertx) {
    GatewayFixture gw = GatewayFixture.startWithBooking(vertx, config -> {
      // The production limits, but a first login wait of 3 s instead of 1: on a slow shared machine a guess sent
      // right after a refusal must still arrive before its wait ends.
      config.put("rateLimit", AppConfig.defaults().getJsonObject("rateLimit").put("loginBackoffBaseSeconds", 3));
      // A tenth of the other tests' rounds (still the real KDF): 1,000 logins stay within the test's time.
      config.getJsonObject("auth").put("pbkdf2Iterations", 1_000);
      // Not a latency test: a slow shared machine must not turn a seat map into a 504.
      config.getJsonObject("services").put("requestTimeoutMs", 30_000);
    });
    BookingClient api = new BookingClient(gw);
    JsonObject show = api.createShow(BookingClient.show("NAT night", 10, 20, 1)).await();
    String showPath = "/api/v1/shows/" + show.getLong("showId");
    String seatsPath = "/api/v1/schedules/" + BookingClient.scheduleId(show, 0) + "/seats";
    createAccounts(vertx, gw.config);

    List<Future<List<Integer>>> buyers = new ArrayList<>();
    for (int i = 0; i < BUYERS; i++) {
      String email = "buyer" + i + "@example.com";
      buyers.add(vertx.timer(1 + i * ARRIVAL_GAP_MS).compose(v -> buyer(vertx, gw, email, showPath, seatsPath)));
    }

    // The guesser, meanwhile, on a connection of its own (not queued behind the buyers' requests in the client):
    // 5 free failures, then a wait that doubles with each further failure.
    WebClient guesser = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(gw.port));
    List<Integer> free = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      free.add(login(guesser, "guess-" + i).await().statusCode());
    }
    assertThat(free).containsOnly(401);
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> tooEarly = login(guesser, "guess-too-early-" + i).await();
      assertThat(tooEarly.statusCode()).as(tooEarly.bodyAsString()).isEqualTo(429);
      assertThat(tooEarly.getHeader("Content-Type")).isEqualTo("application/problem+json");
      long wait = Long.parseLong(tooEarly.getHeader("Retry-After"));
      waits.add(wait);
      if (i == 0) {
        assertThat(login(guesser, PASSWORD).await().statusCode()).as("the right password, while the account waits")
          .isEqualTo(429);
      }
      vertx.timer(wait * 1000 + 100).await();
      if (i < 2) {
        assertThat(login(guesser, "guess-after-wait-" + i).await().statusCode()).isEqualTo(401);
      }
    }
    // The waits are 3, 6 and 12 s; a guess sent right after a refusal hears what is left of its wait, so a slow
    // round trip (under 3 s) may shave a little off each.
    assertThat(waits.get(0)).as("Retry-After of the guesses made too early: %s", waits).isBetween(1L, 3L);
    assertThat(waits.get(1)).as("Retry-After of the guesses made too early: %s", waits).isBetween(4L, 6L);
    assertThat(waits.get(2)).as("Retry-After of the guesses made too early: %s", waits).isBetween(7L, 12L);
    assertThat(login(guesser, PASSWORD).await().statusCode()).as("the right password, after the wait")
      .isEqualTo(200);
    assertThat(login(guesser, "one-more-typo").await().statusCode()).as("a typo after a success: forgiven")
      .isEqualTo(401);

    List<List<Integer>> statuses = Future.all(buyers).await().list();
    assertThat(statuses).hasSize(BUYERS).allSatisfy(buyer -> assertThat(buyer).containsOnly(200).hasSize(6));
    api.close().await();
  }

  /** The buyers and the victim, with one password hash made here (1,001 signups would hash 1,001 times). */
  private static void createAccounts(Vertx vertx, JsonObject config) {
    String hash = new PasswordHasher(vertx, config.getJsonObject("auth").getInteger("pbkdf2Iterations"))
      .hash(PASSWORD).await();
    Pool pg = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(PgPools.connectOptions(config))
      .using(vertx).build();
    try {
      pg.preparedQuery("INSERT INTO users (email, password_hash, nickname) SELECT 'buyer' || g || '@example.com', "
        + "$1::text, 'buyer' FROM generate_series(0, $2::int - 1) g UNION ALL SELECT $3::text, $1::text, 'victim'")
        .execute(Tuple.of(hash, BUYERS, VICTIM)).await();
    } finally {
      pg.close().await();
    }
  }

  /**
   * One buyer's opening minute: log in, read the show and its seat map, refresh the access token, then poll the map
   * at the seat page's pace; every status, in order.
   */
  private static Future<List<Integer>> buyer(Vertx vertx, GatewayFixture gw, String email, String showPath,
                                             String seatsPath) {
    List<Integer> statuses = new ArrayList<>();
    String[] refreshCookie = {""};
    return gw.login(email, PASSWORD)
      .compose(login -> {
        statuses.add(login.statusCode());
        login.cookies().stream().filter(cookie -> cookie.startsWith(AuthRoutes.REFRESH_COOKIE + "="))
          .findFirst().ifPresent(cookie -> refreshCookie[0] = cookie.split(";", 2)[0]);
        return gw.client.get(showPath).send();
      })
      .compose(show -> {
        statuses.add(show.statusCode());
        return gw.client.get(seatsPath).send();
      })
      .compose(seats -> {
        statuses.add(seats.statusCode());
        return vertx.timer(SEAT_POLL_MS);
      })
      .compose(v -> gw.client.post("/api/v1/auth/refresh").putHeader("Cookie", refreshCookie[0]).send())
      .compose(refresh -> {
        statuses.add(refresh.statusCode());
        return gw.client.get(seatsPath).send();
      })
      .compose(seats -> {
        statuses.add(seats.statusCode());
        return vertx.timer(SEAT_POLL_MS).compose(v -> gw.client.get(seatsPath).send());
      })
      .map(seats -> {
        statuses.add(seats.statusCode());
        return statuses;
      });
  }

  private static Future<HttpResponse<Buffer>> login(WebClient client, String password) {
    return client.post("/api/v1/auth/login")
      .sendJsonObject(new JsonObject().put("email", VICTIM).put("password", password));
  }
}
