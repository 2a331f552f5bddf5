package io.ticketping.booking;

import io.ticketping.queue.QueueVerticle;
import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Creating a show when its waiting room cannot be set up: the show is kept, and the answer says so. */
@ExtendWith(VertxExtension.class)
class ShowCreationTest {

  private BookingFixture fx;

  @AfterEach
  void stop() {
    fx.close().await();
  }

  @Test
  @DisplayName("with the queue service away, creating a show answers 503 naming the created show and how to finish "
    + "its set-up (never a 500), the show is readable, and the named admin call completes it")
  void queueServiceAway(Vertx vertx) {
    fx = BookingFixture.startWithoutQueueService(vertx);
    fx.deployBooking(1).await();

    ReplyException refused = catchThrowableOfType(ReplyException.class,
      () -> fx.call(BookingAddresses.CREATE_SHOW, BookingFixture.show("Away", 2, 3, 1)).await());

    assertThat(refused.failureCode()).isEqualTo(503);
    JsonObject problem = new JsonObject(refused.getMessage());
    long showId = problem.getLong("showId");
    assertThat(problem.getString("detail")).contains("Show " + showId + " was created", "/api/v1/admin/shows/" + showId + "/queue");
    JsonObject show = fx.call(BookingAddresses.GET_SHOW, new JsonObject().put("showId", showId)).await();
    assertThat(show.getString("title")).isEqualTo("Away");

    // The queue service back: the admin call the problem names (the gateway's PUT sends this request) sets it up.
    vertx.deployVerticle(new QueueVerticle(), new DeploymentOptions().setConfig(fx.config)).await();
    JsonObject queue = fx.call(QueueAddresses.CONFIGURE, new JsonObject().put("showId", String.valueOf(showId))
      .put("opensAt", 0)).await();
    assertThat(queue.getString("state")).isEqualTo("OPEN");
  }
}
