package io.ticketping.gateway.cache;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedCacheTest {

  @Test
  @DisplayName("an entry is answered until its deadline; past it only a look-up that ignores expiry finds it, "
    + "until a prune")
  void deadlines() {
    BoundedCache<String, String> cache = new BoundedCache<>(10);
    cache.put("a", "A", 1000);
    cache.put("b", "B", 5000);
    assertThat(cache.get("a", 999)).isEqualTo("A");
    assertThat(cache.get("a", 1000)).isNull();
    assertThat(cache.get("a")).isEqualTo("A");
    assertThat(cache.prune(1000)).isEqualTo(1);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b", 1000)).isEqualTo("B");
  }

  @Test
  @DisplayName("filling the cache over and over never drops an entry in use, only the ones unused for a generation, "
    + "and never holds more than two generations")
  void noCliff() {
    BoundedCache<Integer, Integer> cache = new BoundedCache<>(100);
    cache.put(-1, -1, Long.MAX_VALUE);
    for (int i = 0; i < 1_000; i++) {
      cache.put(i, i, Long.MAX_VALUE);
      assertThat(cache.get(-1, 0)).as("in use, after %d others", i + 1).isEqualTo(-1);
      assertThat(cache.get(i, 0)).as("the newest").isEqualTo(i);
    }
    assertThat(cache.get(950, 0)).as("within the last generation").isEqualTo(950);
    assertThat(cache.get(500, 0)).as("unused for generations").isNull();
    assertThat(cache.prune(0)).isLessThanOrEqualTo(200);
  }

  @Test
  @DisplayName("putIfAbsent remembers a key once while it is valid, again once it expired; of many threads racing "
    + "for one key exactly one wins")
  void firstUseWins() throws Exception {
    BoundedCache<String, Boolean> cache = new BoundedCache<>(10);
    assertThat(cache.putIfAbsent("a", true, 1000, 0)).isTrue();
    assertThat(cache.putIfAbsent("a", true, 2000, 999)).as("still valid").isFalse();
    assertThat(cache.putIfAbsent("a", true, 2000, 1000)).as("expired").isTrue();

    BoundedCache<Integer, Boolean> shared = new BoundedCache<>(4_096);
    AtomicInteger wins = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(threads.submit(() -> {
          for (int key = 0; key < 1_000; key++) {
            if (shared.putIfAbsent(key, true, Long.MAX_VALUE, 0)) {
              wins.incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdown();
    }
    assertThat(wins.get()).as("one win per key").isEqualTo(1_000);
  }

  @Test
  @DisplayName("every caller of a Vert.x asking for the same name shares one cache; another Vert.x has its own")
  void sharedPerVertx() {
    Vertx vertx = Vertx.vertx();
    Vertx other = Vertx.vertx();
    try {
      BoundedCache.<String, String>shared(vertx, "test-cache", 10).put("k", "v", Long.MAX_VALUE);
      assertThat(BoundedCache.<String, String>shared(vertx, "test-cache", 10).get("k", 0)).isEqualTo("v");
      assertThat(BoundedCache.<String, String>shared(other, "test-cache", 10).get("k", 0)).isNull();
    } finally {
      vertx.close().await();
      other.close().await();
    }
  }
}
