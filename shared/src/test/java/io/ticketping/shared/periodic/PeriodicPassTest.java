package io.ticketping.shared.periodic;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class PeriodicPassTest {

  @Test
  @DisplayName("the first pass runs at start, a pass still running is never overlapped, and the next one follows it")
  void neverOverlaps(Vertx vertx) {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    Promise<Void> firstDone = Promise.promise();
    PeriodicPass passes = new PeriodicPass(vertx, "Test pass", () -> {
      int n = started.incrementAndGet();
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      // The first pass outlasts several periods; the others end at once.
      Future<Void> work = n == 1 ? firstDone.future() : Future.succeededFuture();
      return work.onComplete(done -> running.decrementAndGet());
    });
    vertx.runOnContext(v -> passes.start(20));
    vertx.timer(50).await();
    assertThat(started.get()).as("passes begun while the first one runs").isEqualTo(1);
    vertx.runOnContext(v -> firstDone.complete());
    vertx.timer(150).await();
    vertx.runOnContext(v -> passes.stop());
    vertx.timer(30).await();
    int afterStop = started.get();
    assertThat(afterStop).as("passes after the first one ended").isGreaterThan(2);
    assertThat(mostAtOnce.get()).isEqualTo(1);
    vertx.timer(100).await();
    assertThat(started.get()).as("no pass after stop").isEqualTo(afterStop);
  }

  @Test
  @DisplayName("a failed pass, even one that throws, does not stop the next ones")
  void failureIsRetried(Vertx vertx) {
    AtomicInteger started = new AtomicInteger();
    PeriodicPass passes = new PeriodicPass(vertx, "Failing pass", () -> {
      if (started.incrementAndGet() % 2 == 0) {
        throw new IllegalStateException("bug");
      }
      return Future.failedFuture("store down");
    });
    vertx.runOnContext(v -> passes.start(20));
    vertx.timer(150).await();
    vertx.runOnContext(v -> passes.stop());
    assertThat(started.get()).isGreaterThan(2);
  }
}
