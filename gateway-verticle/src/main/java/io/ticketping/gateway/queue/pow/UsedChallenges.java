package io.ticketping.gateway.queue.pow;

import io.ticketping.gateway.cache.BoundedCache;
import io.vertx.core.Vertx;

/**
 * The challenges already spent in this JVM, each until it expires, so a solution works once: one memory for every
 * gateway instance of the Vert.x, bounded by recency ({@link BoundedCache}). No Redis call: a challenge is bound to
 * its account, so spending it again on another gateway JVM gains that account nothing it does not already have
 * (entering again keeps one place).
 */
public final class UsedChallenges {

  private static final String MAP = "ticketping.used-challenges";

  private final BoundedCache<String, Boolean> used;

  /** {@code generation}: challenges per generation of the memory; at most twice this many are remembered. */
  public UsedChallenges(Vertx vertx, int generation) {
    this.used = BoundedCache.shared(vertx, MAP, generation);
  }

  /** True the first time {@code challenge} is spent before it expires; false for a replay. */
  public boolean spend(Challenge challenge, long nowMillis) {
    return used.putIfAbsent(challenge.signature(), Boolean.TRUE, challenge.expiresAtMillis(), nowMillis);
  }
}
