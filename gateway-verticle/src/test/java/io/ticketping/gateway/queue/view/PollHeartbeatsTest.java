package io.ticketping.gateway.queue.view;

import io.ticketping.gateway.queue.batch.QueueBatches;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The batching of {@link PollHeartbeats}, against a queue endpoint that only records what it is sent. */
@ExtendWith(VertxExtension.class)
class PollHeartbeatsTest {

  private static final long TICK_MS = 1000;
  private static final long IDLE_TIMEOUT_S = 80; // a round is 10 s

  @Test
  @DisplayName("a user's polls of one round make one heartbeat, written at the show's tick in batches of "
    + "queue.maxBatchUsers; a second announcement of the same tick writes nothing")
  void oneBeatPerUserPerRound(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> written = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(QueueAddresses.HEARTBEAT, message -> {
      written.add(message.body());
      message.reply(new JsonObject());
    });
    vertx.runOnContext(v -> {
      PollHeartbeats heartbeats = new PollHeartbeats(new ServiceCalls(vertx.eventBus(), 5_000), new QueueBatches(2),
        TICK_MS);
      long now = 100_000;
      for (long user = 1; user <= 3; user++) {
        heartbeats.beat("s", user, now, IDLE_TIMEOUT_S);
        heartbeats.beat("s", user, now + 500, IDLE_TIMEOUT_S);
      }
      heartbeats.flush("s", now + 1000);
      heartbeats.beat("s", 1, now + 1200, IDLE_TIMEOUT_S); // same round: already beaten
      heartbeats.flush("s", now + 1300); // the same tick announced again
      heartbeats.beat("s", 1, now + 10_000, IDLE_TIMEOUT_S); // next round
      heartbeats.flush("s", now + 10_000);
      vertx.setTimer(300, t -> ctx.verify(() -> {
        assertThat(written).extracting(body -> body.getJsonArray("userIds").size()).containsExactly(2, 1, 1);
        assertThat(written.get(2).getJsonArray("userIds").getList()).containsExactly(1L);
        assertThat(written).allSatisfy(body -> assertThat(body.getString("showId")).isEqualTo("s"));
        ctx.completeNow();
      }));
    });
  }

  @Test
  @DisplayName("the pending heartbeats of a show nobody polls any more are dropped, not written")
  void droppedShow(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> written = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(QueueAddresses.HEARTBEAT, message -> {
      written.add(message.body());
      message.reply(new JsonObject());
    });
    vertx.runOnContext(v -> {
      PollHeartbeats heartbeats = new PollHeartbeats(new ServiceCalls(vertx.eventBus(), 5_000), new QueueBatches(10),
        TICK_MS);
      heartbeats.beat("gone", 1, 100_000, IDLE_TIMEOUT_S);
      heartbeats.drop("gone");
      heartbeats.flush("gone", 101_000);
      heartbeats.beat("kept", 2, 100_000, IDLE_TIMEOUT_S);
      heartbeats.flush("kept", 101_000);
      vertx.setTimer(300, t -> ctx.verify(() -> {
        assertThat(written).extracting(body -> body.getString("showId")).containsExactly("kept");
        ctx.completeNow();
      }));
    });
  }
}
