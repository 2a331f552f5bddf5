package io.ticketping.gateway.queue.stream;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue streams open in this JVM, counted per user and in all, against the caps {@code http.maxStreamsPerUser}
 * and {@code http.maxStreams}. One object shared by every gateway instance of the Vert.x (a user's connections land on
 * any of its event loops). A slot is taken before a stream's first asynchronous step and given back exactly once
 * when the stream ends, however it ends.
 */
final class StreamSlots implements Shareable {

  private static final String MAP = "ticketping.gateway.stream-slots";

  /** What asking for a slot got. */
  enum Outcome { TAKEN, USER_FULL, JVM_FULL }

  private final int perUser;
  private final int total;
  private final Map<Long, Integer> byUser = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();

  private StreamSlots(int perUser, int total) {
    this.perUser = perUser;
    this.total = total;
  }

  /** The slots of {@code vertx}; the first instance to ask sets the caps (all are deployed with one config). */
  static StreamSlots of(Vertx vertx, int perUser, int total) {
    LocalMap<String, StreamSlots> shared = vertx.sharedData().getLocalMap(MAP);
    StreamSlots fresh = new StreamSlots(perUser, total);
    StreamSlots existing = shared.putIfAbsent(MAP, fresh);
    return existing != null ? existing : fresh;
  }

  Outcome take(long userId) {
    boolean[] taken = new boolean[1];
    byUser.compute(userId, (id, count) -> {
      int now = count == null ? 0 : count;
      if (now >= perUser) {
        return count;
      }
      taken[0] = true;
      return now + 1;
    });
    if (!taken[0]) {
      return Outcome.USER_FULL;
    }
    if (open.incrementAndGet() > total) {
      open.decrementAndGet();
      release(userId, false);
      return Outcome.JVM_FULL;
    }
    return Outcome.TAKEN;
  }

  void release(long userId) {
    release(userId, true);
  }

  /** Streams open (or opening) in this JVM. */
  int open() {
    return open.get();
  }

  private void release(long userId, boolean counted) {
    byUser.computeIfPresent(userId, (id, count) -> count <= 1 ? null : count - 1);
    if (counted) {
      open.decrementAndGet();
    }
  }
}
