package io.ticketping.booking;

import io.ticketping.queue.AdmissionTicker;
import io.ticketping.queue.WaitingRoom;
import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.observability.MetricNames;
import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shows whose last schedule has begun: their Redis keys (queue and seat maps) expire, and the admission ticker no
 * longer walks them, however many ended. Runs on a Vert.x with metrics, to read what the ticker reports.
 */
class EndedShowsTest {

  private static final Duration RETENTION = Duration.ofDays(1);
  private static final long HOUR = Duration.ofHours(1).toMillis();

  private Vertx vertx;
  private BookingFixture fx;

  @BeforeEach
  void vertx() {
    vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), TestServers.get().config()));
  }

  @AfterEach
  void stop() {
    if (fx != null) {
      fx.close().await();
    }
    vertx.close().await();
  }

  @Test
  @DisplayName("after 50 shows ended, the ticker walks the live shows only, and every key of an ended show (queue, "
    + "seat maps, holds, buyers' counts) expires the retention after its last schedule began; live ones keep theirs")
  void fiftyEndedShows() {
    start(config -> { });
    List<Show> ended = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      List<Future<Show>> ten = new ArrayList<>();
      for (int k = 0; k < 10; k++) {
        ten.add(create(Instant.now().minus(Duration.ofHours(3)), Instant.now().minus(Duration.ofHours(1)))
          .compose(show -> use(show).map(show)));
      }
      ended.addAll(Future.all(ten).await().<Show>list());
    }
    List<Show> live = List.of(create(Instant.parse("2030-01-01T19:00:00Z")).await(),
      create(Instant.now().minus(Duration.ofHours(2)), Instant.parse("2030-01-02T19:00:00Z")).await());
    live.forEach(show -> use(show).await());
    AdmissionTicker ticker = new AdmissionTicker(vertx, new WaitingRoom(fx.redis, 10_000), 1000);
    assertThat(walked(ticker)).isEqualTo(52);

    EndedShows pass = endedShows();
    assertThat(pass.sweep().await()).isEqualTo(50);

    assertThat(walked(ticker)).as("the ticker walks the live shows only").isEqualTo(2);
    for (Show show : ended) {
      for (String key : keysOf(show)) {
        long ttl = pttl(key);
        assertThat(ttl).as(key + " expires or is gone").isNotEqualTo(-1);
        assertThat(ttl).as(key).isLessThanOrEqualTo(RETENTION.toMillis() - HOUR + 60_000);
      }
      long scheduleId = show.schedules().get(0);
      for (String used : List.of(QueueKeys.meta(show.id()), QueueKeys.working(show.id()), SeatMap.seatsKey(scheduleId),
        SeatMap.holdsKey(scheduleId), SeatMap.buyersKey(scheduleId), SeatMap.countedKey(scheduleId))) {
        assertThat(pttl(used)).as(used + ", which the show used, is there until it expires").isPositive();
      }
      assertThat(fx.call(QueueAddresses.STATS, new JsonObject().put("showId", show.id())).await().getString("state"))
        .isEqualTo("CLOSED");
    }
    for (Show show : live) {
      for (String key : keysOf(show)) {
        if (!key.equals(QueueKeys.admits(show.id()))) {
          assertThat(pttl(key)).as(key).isIn(-1L, -2L);
        }
      }
      assertThat(fx.call(QueueAddresses.STATS, new JsonObject().put("showId", show.id())).await().getString("state"))
        .isEqualTo("OPEN");
    }
    Row recorded = fx.pg.query("SELECT count(*) FILTER (WHERE keys_expire_at IS NOT NULL) AS done, "
      + "count(*) FILTER (WHERE keys_expire_at IS NULL) AS kept FROM shows").execute().await().iterator().next();
    assertThat(recorded.getLong("done")).as("shows recorded as done in PostgreSQL").isEqualTo(50);
    assertThat(recorded.getLong("kept")).as("shows still kept").isEqualTo(2);
    assertThat(pass.sweep().await()).as("a second pass has nothing to do").isZero();
  }

  @Test
  @DisplayName("a show that ended can be restarted: configuring its queue brings it back (a late set-up attempt, "
    + "create-only, does not), and its seat map, once expired, is warmed again on the next hold and kept for the "
    + "retention from then")
  void restartAfterEnd() {
    start(config -> { });
    Show show = create(Instant.now().minus(Duration.ofHours(1))).await();
    use(show).await();
    endedShows().sweep().await();
    AdmissionTicker ticker = new AdmissionTicker(vertx, new WaitingRoom(fx.redis, 10_000), 1000);
    assertThat(walked(ticker)).isZero();

    // A late attempt of the show's set-up changes nothing: it never restarts what the pass ended.
    JsonObject setUpAgain = fx.call(QueueAddresses.CONFIGURE, new JsonObject().put("showId", show.id())
      .put("opensAt", 0).put("createOnly", true)).await();
    assertThat(setUpAgain.getString("state")).isEqualTo("CLOSED");
    assertThat(pttl(QueueKeys.meta(show.id()))).isPositive();
    assertThat(walked(ticker)).isZero();

    JsonObject restarted = fx.call(QueueAddresses.CONFIGURE, new JsonObject().put("showId", show.id())
      .put("capacity", 10)).await();
    assertThat(restarted.getString("state")).isEqualTo("OPEN");
    assertThat(pttl(QueueKeys.meta(show.id()))).isEqualTo(-1);
    assertThat(pttl(QueueKeys.working(show.id()))).isEqualTo(-1);
    assertThat(walked(ticker)).isEqualTo(1);
    assertThat(fx.call(QueueAddresses.ENTER, new JsonObject().put("showId", show.id()).put("userId", 3)).await()
      .getString("status")).isEqualTo("ADMITTED");

    long scheduleId = show.schedules().get(0);
    fx.redis("DEL", SeatMap.seatsKey(scheduleId), SeatMap.holdsKey(scheduleId), SeatMap.buyersKey(scheduleId),
      SeatMap.countedKey(scheduleId)).await();
    List<Long> seats = fx.seatIds(scheduleId).await();
    assertThat(fx.hold(3, scheduleId, seats.subList(1, 2)).await().getString("status"))
      .isEqualTo(Order.PENDING_PAYMENT);
    assertThat(fx.redisStates(scheduleId).await()).isEqualTo(fx.postgresStates(scheduleId).await());
    assertThat(pttl(SeatMap.seatsKey(scheduleId))).as("kept for the retention from the warm")
      .isBetween(RETENTION.toMillis() - 60_000, RETENTION.toMillis());
    assertThat(pttl(SeatMap.buyersKey(scheduleId))).isPositive();

    assertThat(endedShows().sweep().await()).as("the show is not ended again").isZero();
    assertThat(walked(ticker)).isEqualTo(1);
  }

  @Test
  @DisplayName("the deployed service runs the pass on its own: a show that ended is closed and its keys expire")
  void servicePasses() {
    start(config -> config.getJsonObject("booking").put("sweeper", true).put("endedShowSweepMillis", 200));
    Show show = create(Instant.now().minus(Duration.ofMinutes(5))).await();
    fx.eventually("the show's keys set to expire", 10_000, () -> fx.pg
      .preparedQuery("SELECT keys_expire_at IS NOT NULL FROM shows WHERE id = $1")
      .execute(Tuple.of(Long.parseLong(show.id()))).map(rows -> rows.iterator().next().getBoolean(0))).await();
    assertThat(pttl(QueueKeys.meta(show.id()))).isBetween(RETENTION.toMillis() - 6 * 60_000,
      RETENTION.toMillis() - 4 * 60_000);
    assertThat(fx.call(QueueAddresses.STATS, new JsonObject().put("showId", show.id())).await().getString("state"))
      .isEqualTo("CLOSED");
  }

  private record Show(String id, List<Long> schedules) {
  }

  private void start(Consumer<JsonObject> tweak) {
    fx = BookingFixture.start(vertx, config -> {
      config.getJsonObject("booking").put("endedShowRetentionSeconds", RETENTION.toSeconds());
      tweak.accept(config);
    });
    fx.deployBooking(1).await();
  }

  private EndedShows endedShows() {
    return new EndedShows(vertx, fx.pg, fx.seatMap(), RETENTION, 5000);
  }

  /** A show on sale since 2020 with one schedule per start time, a row of two seats. */
  private Future<Show> create(Instant... starts) {
    JsonArray schedules = new JsonArray();
    for (Instant start : starts) {
      schedules.add(new JsonObject().put("startsAt", start.toString()));
    }
    return fx.call(BookingAddresses.CREATE_SHOW, BookingFixture.show("Ended", 1, 2, 1).put("schedules", schedules))
      .map(created -> {
        List<Long> ids = new ArrayList<>();
        created.getJsonArray("schedules").forEach(s -> ids.add(((JsonObject) s).getLong("scheduleId")));
        return new Show(String.valueOf(created.getLong("showId")), ids);
      });
  }

  /** Two users admitted to the show's queue, and one of them holding a seat of its first schedule. */
  private Future<Void> use(Show show) {
    long scheduleId = show.schedules().get(0);
    return fx.call(QueueAddresses.ENTER, new JsonObject().put("showId", show.id()).put("userId", 1))
      .compose(v -> fx.call(QueueAddresses.ENTER, new JsonObject().put("showId", show.id()).put("userId", 2)))
      .compose(v -> fx.seatIds(scheduleId))
      .compose(seats -> fx.hold(1, scheduleId, seats.subList(0, 1)))
      .mapEmpty();
  }

  /** Every Redis key of the show: its queue's, and each of its schedules' seat map, holds and counts. */
  private static List<String> keysOf(Show show) {
    List<String> keys = new ArrayList<>(QueueKeys.all(show.id()));
    for (long scheduleId : show.schedules()) {
      keys.addAll(List.of(SeatMap.seatsKey(scheduleId), SeatMap.holdsKey(scheduleId), SeatMap.buyersKey(scheduleId),
        SeatMap.countedKey(scheduleId)));
    }
    return keys;
  }

  private long pttl(String key) {
    return fx.redis.send(Request.cmd(Command.PTTL).arg(key)).await().toLong();
  }

  /** One ticker round; how many shows it walked, as its metric tells. */
  private long walked(AdmissionTicker ticker) {
    ticker.tick().await();
    return (long) MetricsSetup.registry(vertx).get(MetricNames.QUEUE_TICK_SHOWS).gauge().value();
  }

}
