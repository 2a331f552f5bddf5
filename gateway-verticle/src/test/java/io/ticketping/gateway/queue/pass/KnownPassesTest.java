package io.ticketping.gateway.queue.pass;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class KnownPassesTest {

  private static final long LATER = System.currentTimeMillis() + 3_600_000;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("once full, the newest passes are still remembered and the ones nobody used for a generation go")
  void newPassesDisplaceUnusedOnes() {
    KnownPasses known = new KnownPasses(vertx, 100);
    for (int i = 0; i < 100; i++) {
      known.remember("old-" + i, pass(i));
    }
    // An earlier sale's user who is still buying keeps their pass while the next sale's passes arrive.
    for (int i = 0; i < 250; i++) {
      known.remember("new-" + i, pass(1000 + i));
      assertThat(known.get("old-7", System.currentTimeMillis())).as("in use, after %d new ones", i).isNotNull();
    }

    long now = System.currentTimeMillis();
    assertThat(known.get("new-249", now)).as("newest").isNotNull();
    assertThat(known.get("new-200", now)).isNotNull();
    assertThat(known.get("old-8", now)).as("unused for two generations").isNull();
    assertThat(known.prune(now)).as("at most two generations remembered").isLessThanOrEqualTo(200);
  }

  @Test
  @DisplayName("every gateway instance of a Vert.x shares one memory of passes, written from many threads at once")
  void instancesShareOneMemory() throws Exception {
    KnownPasses first = new KnownPasses(vertx, 1_000);
    KnownPasses second = new KnownPasses(vertx);
    // Many generations' worth from eight threads, through both instances, so turnovers race with writes.
    writeConcurrently(first, second, "churn", 5_000);
    long now = System.currentTimeMillis();
    assertThat(first.prune(now)).as("never more than two generations").isBetween(1, 2_000);

    first.remember("shared", pass(42));
    assertThat(second.get("shared", now)).as("seen by the other instance").isEqualTo(pass(42));
  }

  private static void writeConcurrently(KnownPasses first, KnownPasses second, String prefix, int perThread)
    throws InterruptedException {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    CountDownLatch done = new CountDownLatch(8);
    for (int t = 0; t < 8; t++) {
      int thread = t;
      threads.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          (i % 2 == 0 ? first : second).remember(prefix + "-" + thread + "-" + i, pass(thread * 10_000L + i));
        }
        done.countDown();
      });
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    threads.shutdown();
  }

  private static QueuePass pass(long userId) {
    return new QueuePass(userId, "1", "jti-" + userId, LATER);
  }
}
