package io.ticketping.gateway.queue;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue passes this JVM has signed or already checked, by their exact token text, shared by every gateway
 * instance of the Vert.x. ES256 verification costs about a millisecond of CPU and a booking rush checks a pass on every
 * hold and payment, so a token is verified at most once per JVM: one that is byte for byte a token we signed or
 * verified is authentic, and only its expiry is checked again. Revocation is not cached: {@link PassGuard} still asks
 * the queue whether the slot is held.
 *
 * <p>Bounded by recency, in two generations: new and used passes go to the current one, and when it is full the older
 * generation is dropped, so the passes of the current sale are always remembered. A bound that simply stopped
 * remembering once full would make every pass of a new sale miss until the earlier sales' passes expired (pass TTL
 * 15 min), and each hold and payment would then pay a full verification on the event loop.
 */
final class KnownPasses {

  private static final String MAP = "ticketping.gateway.known-queue-passes";
  /** Passes per generation: at most twice this many are remembered (about 400 bytes each). */
  static final int GENERATION = 100_000;

  private final Generations passes;

  KnownPasses(Vertx vertx) {
    this(vertx, GENERATION);
  }

  /** {@code generation}: the size of a generation, for the first instance of this Vert.x (later ones share it). */
  KnownPasses(Vertx vertx, int generation) {
    LocalMap<String, Generations> shared = vertx.sharedData().getLocalMap(MAP);
    Generations fresh = new Generations(generation);
    Generations existing = shared.putIfAbsent(MAP, fresh);
    this.passes = existing != null ? existing : fresh;
  }

  /** The pass of a known token that has not expired; null when it is unknown or expired. */
  QueuePasses.QueuePass get(String token, long nowMillis) {
    QueuePasses.QueuePass pass = passes.get(token);
    return pass == null || pass.expiresAtMillis() <= nowMillis ? null : pass;
  }

  /** The pass of a known token, expired or not (until pruned); null when it is unknown. */
  QueuePasses.QueuePass get(String token) {
    return passes.get(token);
  }

  /** Remembers a token we signed or verified (any thread). */
  void remember(String token, QueuePasses.QueuePass pass) {
    passes.put(token, pass);
  }

  /** Forgets the expired passes; returns how many are left. */
  int prune(long nowMillis) {
    return passes.prune(nowMillis);
  }

  /** The two generations, one object that every instance of the Vert.x shares (hence Shareable: never copied). */
  private static final class Generations implements Shareable {

    private final int size;
    private volatile ConcurrentHashMap<String, QueuePasses.QueuePass> current = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<String, QueuePasses.QueuePass> previous = new ConcurrentHashMap<>();

    Generations(int size) {
      this.size = size;
    }

    QueuePasses.QueuePass get(String token) {
      QueuePasses.QueuePass pass = current.get(token);
      if (pass == null) {
        pass = previous.get(token);
        if (pass != null) {
          put(token, pass); // still in use: keep it past the next turnover
        }
      }
      return pass;
    }

    void put(String token, QueuePasses.QueuePass pass) {
      ConcurrentHashMap<String, QueuePasses.QueuePass> now = current;
      now.put(token, pass);
      if (now.size() >= size) {
        turnOver(now);
      }
    }

    private synchronized void turnOver(ConcurrentHashMap<String, QueuePasses.QueuePass> full) {
      if (current == full) {
        previous = full;
        current = new ConcurrentHashMap<>();
      }
    }

    int prune(long nowMillis) {
      current.values().removeIf(pass -> pass.expiresAtMillis() <= nowMillis);
      previous.values().removeIf(pass -> pass.expiresAtMillis() <= nowMillis);
      return current.size() + previous.size();
    }
  }
}
