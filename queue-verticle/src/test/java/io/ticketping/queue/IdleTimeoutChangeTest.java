package io.ticketping.queue;

import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.show;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An idle timeout changed while people wait takes effect for them: the heartbeat clock is re-cut to the new timeout,
 * so a shorter one drops the silent within seconds rather than after the old generations run out, and a longer one
 * drops nobody early. (The module's Redis Cluster execution runs the same on a cluster: the new clock's bitmaps
 * share the show's hash tag.)
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class IdleTimeoutChangeTest {

  private final AtomicBoolean polling = new AtomicBoolean(true);

  @BeforeEach
  void reset() {
    TestServers.get().reset();
  }

  @AfterEach
  void stopPolling() {
    polling.set(false);
  }

  @Test
  @DisplayName("a timeout shortened from 60 s to 1 s after four entered drops the three silent ones within seconds, "
    + "while the one who polls keeps the place")
  void shortenedTimeoutDropsTheSilentSoon(Vertx vertx) {
    String showId = QueueTesting.SHOW;
    QueueTesting.deploy(vertx, 100).await();
    // Capacity 0: nobody is admitted, so only the idle check can shorten the line. 60 s: 30-second generations.
    configure(vertx, showId, new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 60));
    for (long userId = 1; userId <= 4; userId++) {
      assertThat(request(vertx, QueueAddresses.ENTER, user(showId, userId)).await().getString("status"))
        .isEqualTo("WAITING");
    }
    configure(vertx, showId, new JsonObject().put("idleTimeoutSeconds", 1));
    QueueTesting.repeatWhile(polling::get, () -> request(vertx, QueueAddresses.STATUS, user(showId, 2))
      .compose(r -> QueueTesting.sleep(vertx, 200)));

    long changed = System.currentTimeMillis();
    while (waiting(vertx, showId) > 1) {
      assertThat(System.currentTimeMillis() - changed).as("the silent dropped soon after the change").isLessThan(8000);
      QueueTesting.sleep(vertx, 100).await();
    }
    JsonObject poller = request(vertx, QueueAddresses.STATUS, user(showId, 2)).await();
    assertThat(poller.getLong("position")).as("the poller kept the place").isEqualTo(1);
  }

  @Test
  @DisplayName("a timeout lengthened from 1 s to 30 s after two entered keeps them through seconds of silence that "
    + "the old one would not have forgiven")
  void lengthenedTimeoutDropsNobodyEarly(Vertx vertx) {
    QueueTesting.deploy(vertx, 100).await();
    configure(vertx, QueueTesting.SHOW, new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 1));
    for (long userId = 1; userId <= 2; userId++) {
      request(vertx, QueueAddresses.ENTER, user(QueueTesting.SHOW, userId)).await();
    }
    configure(vertx, QueueTesting.SHOW, new JsonObject().put("idleTimeoutSeconds", 30));
    QueueTesting.sleep(vertx, 3000).await();
    assertThat(waiting(vertx, QueueTesting.SHOW)).isEqualTo(2);
  }

  private static void configure(Vertx vertx, String showId, JsonObject settings) {
    request(vertx, QueueAddresses.CONFIGURE, settings.copy().put("showId", showId)).await();
  }

  private static long waiting(Vertx vertx, String showId) {
    Future<JsonObject> stats = request(vertx, QueueAddresses.STATS, show(showId));
    return stats.await().getLong("waiting");
  }
}
