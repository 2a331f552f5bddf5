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

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grace period of an admitted buyer is the pass's whole lifetime: once admitted, silence costs nothing (heartbeats
 * only keep waiters), so a buyer whose tab went to the background or whose network dropped keeps the slot, and the
 * next in line is let in only when the pass runs out (or is used or given up).
 */
@ExtendWith(VertxExtension.class)
class AdmissionGraceTest {

  private static final int PASS_TTL_SECONDS = 6;

  @BeforeEach
  void reset() {
    TestServers.get().reset();
  }

  @Test
  @DisplayName("an admitted buyer silent for three idle timeouts keeps a valid pass and the slot; the next in line, "
    + "polling, is let in only once that pass has run out")
  void silenceAfterAdmissionKeepsTheSlot(Vertx vertx, VertxTestContext ctx) {
    AtomicBoolean polling = new AtomicBoolean(true);
    long[] passExpiresAt = new long[1];
    long[] nextAdmittedAt = new long[1];
    // Ticks every 100 ms; 1 s of silence (the least the settings allow) would make a waiter a ghost.
    QueueTesting.deploy(vertx, 100)
      .compose(v -> request(vertx, QueueAddresses.CONFIGURE, new JsonObject().put("showId", SHOW).put("capacity", 1)
        .put("idleTimeoutSeconds", 1).put("passTtlSeconds", PASS_TTL_SECONDS)))
      .compose(v -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1)))
      .compose(v -> QueueTesting.until(vertx, 5000, () -> request(vertx, QueueAddresses.STATUS, user(SHOW, 1))
        .map(s -> {
          passExpiresAt[0] = s.getLong("passExpiresAt", 0L);
          return "ADMITTED".equals(s.getString("status"));
        })))
      .compose(v -> request(vertx, QueueAddresses.ENTER, user(SHOW, 2)))
      .compose(v -> {
        // User 2 polls (each poll a heartbeat) and notes when it is let in; user 1, admitted, says nothing.
        QueueTesting.repeatWhile(polling::get, () -> request(vertx, QueueAddresses.STATUS, user(SHOW, 2))
          .compose(s -> {
            if ("ADMITTED".equals(s.getString("status")) && nextAdmittedAt[0] == 0) {
              nextAdmittedAt[0] = System.currentTimeMillis();
            }
            return QueueTesting.sleep(vertx, 200);
          }));
        return QueueTesting.sleep(vertx, 3000);
      })
      .compose(v -> Future.all(List.of(request(vertx, QueueAddresses.PASS_CHECK, user(SHOW, 1)),
        request(vertx, QueueAddresses.STATUS, user(SHOW, 2)), request(vertx, QueueAddresses.STATS,
          new JsonObject().put("showId", SHOW)))))
      .compose(silent -> {
        ctx.verify(() -> {
          JsonObject pass = silent.resultAt(0);
          assertThat(pass.getBoolean("active")).as("the silent buyer's pass, 3 s after admission").isTrue();
          assertThat(pass.getLong("expiresAt")).isEqualTo(passExpiresAt[0]);
          JsonObject next = silent.resultAt(1);
          assertThat(next.getString("status")).as("the next in line meanwhile").isEqualTo("WAITING");
          assertThat(next.getLong("position")).isEqualTo(1);
          assertThat(nextAdmittedAt[0]).as("nobody let in while the slot is taken").isZero();
          assertThat(silent.<JsonObject>resultAt(2).getInteger("working")).isEqualTo(1);
        });
        return QueueTesting.until(vertx, 8000, () -> Future.succeededFuture(nextAdmittedAt[0] > 0));
      })
      .eventually(() -> {
        polling.set(false);
        return Future.succeededFuture();
      })
      .compose(v -> request(vertx, QueueAddresses.PASS_CHECK, user(SHOW, 1)))
      .onComplete(ctx.succeeding(first -> ctx.verify(() -> {
        assertThat(nextAdmittedAt[0]).as("the next in line is let in once the first pass ran out")
          .isGreaterThanOrEqualTo(passExpiresAt[0]);
        assertThat(first.getBoolean("active")).as("the first pass, run out").isFalse();
        ctx.completeNow();
      })));
  }
}
