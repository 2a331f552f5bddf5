package io.ticketping.gateway.queue.pass;

import io.ticketping.gateway.cache.BoundedCache;
import io.vertx.core.Vertx;

/**
 * The queue passes this JVM has signed or already checked, by their exact token text, shared by every gateway
 * instance of the Vert.x. ES256 verification costs about a millisecond of CPU and a booking rush checks a pass on every
 * hold and payment, so a token is verified at most once per JVM: one that is byte for byte a token we signed or
 * verified is authentic, and only its expiry is checked again. Revocation is not cached: {@link PassGuard} still asks
 * the queue whether the slot is held.
 *
 * <p>Bounded by recency ({@link BoundedCache}), so the passes of the current sale are always remembered, however many
 * of an earlier sale are still unexpired (pass TTL 15 min).
 */
final class KnownPasses {

  private static final String MAP = "ticketping.gateway.known-queue-passes";
  /** Passes per generation: at most twice this many are remembered (about 400 bytes each). */
  static final int GENERATION = 100_000;

  private final BoundedCache<String, QueuePass> passes;

  KnownPasses(Vertx vertx) {
    this(vertx, GENERATION);
  }

  /** {@code generation}: the size of a generation, for the first instance of this Vert.x (later ones share it). */
  KnownPasses(Vertx vertx, int generation) {
    this.passes = BoundedCache.shared(vertx, MAP, generation);
  }

  /** The pass of a known token that has not expired; null when it is unknown or expired. */
  QueuePass get(String token, long nowMillis) {
    return passes.get(token, nowMillis);
  }

  /** The pass of a known token, expired or not (until pruned); null when it is unknown. */
  QueuePass get(String token) {
    return passes.get(token);
  }

  /** Remembers a token we signed or verified (any thread). */
  void remember(String token, QueuePass pass) {
    passes.put(token, pass, pass.expiresAtMillis());
  }

  /** Forgets the expired passes; returns how many are left. */
  int prune(long nowMillis) {
    return passes.prune(nowMillis);
  }
}
