package io.ticketping.queue;

import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.concurrently;
import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class RateTest {

  private static final int PER_MINUTE = 1200; // 20 a second
  private static final long TICK_MILLIS = 50;

  @BeforeEach
  void reset(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().reset();
    QueueTesting.deploy(vertx, 0).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("in rate mode four tickers at once admit no more than admitPerMinute allows (give or take one tick), "
    + "and still admit at that rate")
  void rateHoldsUnderConcurrentTickers(Vertx vertx, VertxTestContext ctx) {
    List<AdmissionTicker> tickers = new ArrayList<>();
    AtomicLong resumedAt = new AtomicLong();
    AtomicLong stoppedAt = new AtomicLong();
    request(vertx, QueueAddresses.CONFIGURE, new JsonObject().put("showId", SHOW).put("capacity", 10_000)
      .put("admitPerMinute", PER_MINUTE))
      .compose(v -> request(vertx, QueueAddresses.PAUSE, QueueTesting.show(SHOW)))
      .compose(v -> concurrently(200, 1000, i -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1 + i))))
      .compose(v -> {
        for (int i = 0; i < 4; i++) {
          tickers.add(new AdmissionTicker(vertx, QueueTesting.room(vertx), TICK_MILLIS).start());
        }
        resumedAt.set(System.nanoTime());
        return request(vertx, QueueAddresses.RESUME, QueueTesting.show(SHOW));
      })
      .compose(v -> QueueTesting.sleep(vertx, 3000))
      .compose(v -> {
        tickers.forEach(AdmissionTicker::stop);
        stoppedAt.set(System.nanoTime());
        return QueueTesting.sleep(vertx, 2 * TICK_MILLIS); // a tick already sent may still land
      })
      .compose(v -> request(vertx, QueueAddresses.STATS, QueueTesting.show(SHOW)))
      .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
        double seconds = (stoppedAt.get() - resumedAt.get()) / 1e9 + 2 * TICK_MILLIS / 1000.0;
        double perSecond = PER_MINUTE / 60.0;
        long admitted = stats.getLong("admittedTotal");
        // The credit holds at most one second's worth, so: that burst, the rate over the time, one tick of slack.
        assertThat(admitted).isLessThanOrEqualTo((long) (perSecond + perSecond * seconds + 1));
        assertThat(admitted).isGreaterThanOrEqualTo((long) (perSecond * (seconds - 1)));
        assertThat(stats.getLong("admittedLastMinute")).isEqualTo(admitted);
        assertThat(stats.getLong("waiting")).isEqualTo(1000 - admitted);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a rate-limited queue with room still admits an arrival at once only while the rate has credit")
  void directAdmissionSpendsCredit(Vertx vertx, VertxTestContext ctx) {
    // 60 a minute: one second's worth of credit is a single admission.
    request(vertx, QueueAddresses.CONFIGURE, new JsonObject().put("showId", SHOW).put("capacity", 100)
      .put("admitPerMinute", 60))
      .compose(v -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1)))
      .compose(first -> request(vertx, QueueAddresses.ENTER, user(SHOW, 2)).map(second -> List.of(first, second)))
      .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
        assertThat(replies.get(0).getString("status")).isEqualTo("ADMITTED");
        assertThat(replies.get(1).getString("status")).isEqualTo("WAITING");
        assertThat(replies.get(1).getLong("position")).isEqualTo(1);
        // Nobody admitted by a tick yet, so the estimate falls back to the configured rate: 1 a second.
        assertThat(replies.get(1).getLong("etaSeconds")).isEqualTo(1);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("the ETA divides the position by the admissions of the last minute, or by the configured rate when "
    + "there were none, and is unknown without either")
  void etaFromMeasuredRate(Vertx vertx, VertxTestContext ctx) {
    WaitingRoom room = QueueTesting.room(vertx);
    QueueTesting.openShow(vertx, SHOW, 30)
      .compose(v -> concurrently(1, 90, i -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1 + i))))
      .compose(v -> request(vertx, QueueAddresses.STATUS, user(SHOW, 90)))
      .compose(noRate -> room.tick(SHOW).compose(t -> request(vertx, QueueAddresses.STATUS, user(SHOW, 90)))
        .map(measured -> List.of(noRate, measured)))
      .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
        assertThat(replies.get(0).getLong("position")).isEqualTo(60);
        assertThat(replies.get(0).getValue("etaSeconds")).as("no rate, nothing admitted by a tick yet").isNull();
        // 30 entered at once (recorded as admissions) + 0 by the tick (full): 30 a minute, position 60 → 120 s.
        assertThat(replies.get(1).getLong("position")).isEqualTo(60);
        assertThat(replies.get(1).getLong("etaSeconds")).isEqualTo(120);
        ctx.completeNow();
      })));
  }
}
