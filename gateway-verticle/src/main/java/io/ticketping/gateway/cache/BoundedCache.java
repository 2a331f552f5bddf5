package io.ticketping.gateway.cache;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Values that are costly to establish and cheap to recognise again (a verified token's claims), each valid until its
 * own deadline, in bounded memory. Bounded by recency, in two generations: new and used entries go to the current
 * one, and when it is full the older generation is dropped. An entry still in use is never dropped, and a full cache
 * forgets only what nobody asked for during a whole generation. So there is no cliff: a cache that started over when
 * full would make every client of a rush miss at the same moment, and one that stopped remembering would make every
 * newcomer miss until old entries expired; either way each miss pays the full check on the event loop.
 *
 * <p>Safe from any thread, and {@link Shareable}: one cache can serve every verticle instance of a Vert.x
 * ({@link #shared}). Expired entries are not returned by {@link #get(Object, long)}; they leave with their generation
 * or at a {@link #prune}.
 */
public final class BoundedCache<K, V> implements Shareable {

  private record Entry<V>(V value, long validUntilMillis) {
  }

  private final int generation;
  private volatile ConcurrentHashMap<K, Entry<V>> current = new ConcurrentHashMap<>();
  private volatile ConcurrentHashMap<K, Entry<V>> previous = new ConcurrentHashMap<>();

  /** {@code generation}: entries per generation; at most twice this many are remembered. */
  public BoundedCache(int generation) {
    if (generation < 1) {
      throw new IllegalArgumentException("a generation holds at least one entry");
    }
    this.generation = generation;
  }

  /** The cache {@code name} of this Vert.x, one object for every caller; the first to ask sets its generation. */
  public static <K, V> BoundedCache<K, V> shared(Vertx vertx, String name, int generation) {
    LocalMap<String, BoundedCache<K, V>> caches = vertx.sharedData().getLocalMap(name);
    BoundedCache<K, V> fresh = new BoundedCache<>(generation);
    BoundedCache<K, V> existing = caches.putIfAbsent(name, fresh);
    return existing != null ? existing : fresh;
  }

  /** The value of {@code key} while still valid at {@code nowMillis}; null when unknown or expired. */
  public V get(K key, long nowMillis) {
    Entry<V> entry = entry(key);
    return entry == null || entry.validUntilMillis() <= nowMillis ? null : entry.value();
  }

  /** The value of {@code key} whether or not it has expired (until it is dropped); null when unknown. */
  public V get(K key) {
    Entry<V> entry = entry(key);
    return entry == null ? null : entry.value();
  }

  /** Remembers {@code value} for {@code key}, valid until {@code validUntilMillis}. */
  public void put(K key, V value, long validUntilMillis) {
    put(key, new Entry<>(value, validUntilMillis));
  }

  /**
   * Remembers {@code value} for {@code key} unless a value still valid at {@code nowMillis} is there; true when this
   * one was remembered. Atomic against other calls of this method: of two racing for one key, one wins.
   */
  public synchronized boolean putIfAbsent(K key, V value, long validUntilMillis, long nowMillis) {
    if (get(key, nowMillis) != null) {
      return false;
    }
    put(key, value, validUntilMillis);
    return true;
  }

  /** Forgets the expired entries; returns how many are left. */
  public int prune(long nowMillis) {
    current.values().removeIf(entry -> entry.validUntilMillis() <= nowMillis);
    previous.values().removeIf(entry -> entry.validUntilMillis() <= nowMillis);
    return current.size() + previous.size();
  }

  private Entry<V> entry(K key) {
    Entry<V> entry = current.get(key);
    if (entry == null) {
      entry = previous.get(key);
      if (entry != null) {
        put(key, entry); // still in use: kept past the next turnover
      }
    }
    return entry;
  }

  private void put(K key, Entry<V> entry) {
    ConcurrentHashMap<K, Entry<V>> now = current;
    now.put(key, entry);
    if (now.size() >= generation) {
      turnOver(now);
    }
  }

  private synchronized void turnOver(ConcurrentHashMap<K, Entry<V>> full) {
    if (current == full) {
      previous = full;
      current = new ConcurrentHashMap<>();
    }
  }
}
