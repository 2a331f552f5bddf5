package io.ticketping.booking;

import io.ticketping.shared.booking.BookingAddresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock a seat-map warm takes covers its own schedule only: other shows keep holding and warming meanwhile, while
 * seat changes of the schedule being warmed still wait for the warm's copy to reach Redis.
 */
@ExtendWith(VertxExtension.class)
class SeatMapLockTest {

  private BookingFixture fx;

  @BeforeEach
  void start(Vertx vertx) {
    fx = BookingFixture.start(vertx, config -> { });
    fx.deployBooking(1).await();
  }

  @AfterEach
  void stop() {
    fx.close().await();
  }

  @Test
  @DisplayName("while one schedule's seat map is being warmed, another show's schedule warms and holds at once; a hold "
    + "on the schedule being warmed waits for the warm, then lands in both stores")
  void warmLocksItsScheduleOnly() {
    long warming = fx.createSchedule(2, 2).await();
    long other = fx.createSchedule(2, 2).await();
    List<Long> warmingSeats = fx.seatIds(warming).await();
    List<Long> otherSeats = fx.seatIds(other).await();
    // The map of the schedule being warmed is there already, so a hold passes Redis and reaches PostgreSQL.
    fx.call(BookingAddresses.SEAT_MAP, new JsonObject().put("scheduleId", warming)).await();

    // A warm of that schedule that holds its lock until the test lets it go.
    Promise<Void> locked = Promise.promise();
    Promise<Void> release = Promise.promise();
    Future<Void> warm = new Catalogue(fx.pg).withSeatMapLocked(warming, snapshot -> {
      locked.complete();
      return release.future();
    });
    locked.future().await();

    Future<JsonObject> waiting = fx.hold(1, warming, warmingSeats.subList(0, 1));
    JsonObject elsewhere = fx.hold(2, other, otherSeats.subList(0, 2)).timeout(5, TimeUnit.SECONDS).await();
    assertThat(elsewhere.getString("status")).as("the other show's cold map warmed and its seats held")
      .isEqualTo(Order.PENDING_PAYMENT);
    assertThat(fx.redisStates(other).await()).as("Redis agrees with PostgreSQL")
      .isEqualTo(fx.postgresStates(other).await());

    fx.later(500).await();
    assertThat(waiting.isComplete()).as("the hold on the schedule being warmed waits for the warm").isFalse();
    release.complete();
    warm.await();
    JsonObject held = waiting.timeout(5, TimeUnit.SECONDS).await();
    Map<Long, String> postgres = fx.postgresStates(warming).await();
    assertThat(postgres.get(warmingSeats.get(0))).isEqualTo("HELD:" + held.getString("orderId"));
    assertThat(fx.redisStates(warming).await()).isEqualTo(postgres);
  }
}
