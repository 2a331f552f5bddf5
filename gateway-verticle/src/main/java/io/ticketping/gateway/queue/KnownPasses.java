package io.ticketping.gateway.queue;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

/**
 * The queue passes this JVM has signed or already checked, by their exact token text, shared by every gateway
 * instance of the Vert.x. ES256 verification costs about a millisecond of CPU and a booking rush checks a pass on every
 * hold and payment, so a token is verified at most once per JVM: one that is byte for byte a token we signed or
 * verified is authentic, and only its expiry is checked again. Revocation is not cached: {@link PassGuard} still asks
 * the queue whether the slot is held.
 */
final class KnownPasses {

  private static final String MAP = "ticketping.gateway.known-queue-passes";
  /** Beyond this many live passes, new ones are verified each time instead of remembered (about 300 bytes each). */
  static final int LIMIT = 200_000;

  private final LocalMap<String, QueuePasses.QueuePass> passes;

  KnownPasses(Vertx vertx) {
    this.passes = vertx.sharedData().getLocalMap(MAP);
  }

  /** The pass of a known token that has not expired; null when it is unknown or expired. */
  QueuePasses.QueuePass get(String token, long nowMillis) {
    QueuePasses.QueuePass pass = passes.get(token);
    return pass == null || pass.expiresAtMillis() <= nowMillis ? null : pass;
  }

  /** Remembers a token we signed or verified (any thread). */
  void remember(String token, QueuePasses.QueuePass pass) {
    if (passes.size() < LIMIT) {
      passes.put(token, pass);
    }
  }

  /** Forgets the expired passes; returns how many are left. */
  int prune(long nowMillis) {
    // The entry set is a copy: remove through the map, and only the entry seen (a renewal may have replaced it).
    passes.entrySet().stream().filter(entry -> entry.getValue().expiresAtMillis() <= nowMillis)
      .forEach(entry -> passes.removeIfPresent(entry.getKey(), entry.getValue()));
    return passes.size();
  }
}
