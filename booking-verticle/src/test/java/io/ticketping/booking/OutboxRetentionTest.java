package io.ticketping.booking;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The booking service writes order events to the outbox, and deletes them once sent and past the retention. */
@ExtendWith(VertxExtension.class)
class OutboxRetentionTest {

  private BookingFixture fx;

  @AfterEach
  void stop() {
    fx.close().await();
  }

  @Test
  @DisplayName("an order's event is published and then purged from the outbox once the retention has passed")
  void purgedAfterRetention(Vertx vertx) {
    fx = BookingFixture.start(vertx, config -> config.getJsonObject("kafka").put("outboxRetentionSeconds", 1)
      .put("outboxPurgeMillis", 200));
    fx.deployBooking(1).await();
    long scheduleId = fx.createSchedule(1, 2).await();
    fx.hold(1, scheduleId, fx.seatIds(scheduleId).await().subList(0, 1)).await();
    assertThat(outboxRows()).as("the OrderCreated event, kept for the retention").isPositive();

    fx.eventually("an empty outbox", 15_000, () -> fx.pg.query("SELECT count(*) FROM outbox").execute()
      .map(rows -> rows.iterator().next().getLong(0) == 0)).await();
  }

  private long outboxRows() {
    return fx.pg.query("SELECT count(*) FROM outbox").execute().await().iterator().next().getLong(0);
  }
}
