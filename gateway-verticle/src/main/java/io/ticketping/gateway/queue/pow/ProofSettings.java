package io.ticketping.gateway.queue.pow;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which shows ask for a proof of work on entry, and how hard, as this JVM knows it: one object per Vert.x, read by
 * every gateway instance on each entry without a Redis call, and kept up to date by {@link ProofSettingsFeed}. A show
 * that is not here asks for none (the default).
 */
public final class ProofSettings implements Shareable {

  private static final String MAP = "ticketping.proof-settings";

  private final ConcurrentHashMap<String, Integer> difficulties = new ConcurrentHashMap<>();
  private final AtomicLong readAt = new AtomicLong();
  /** Changes applied one by one (here or heard from another gateway), so that a read older than one is not applied. */
  private final AtomicLong changes = new AtomicLong();

  private ProofSettings() {
  }

  /** The settings of this Vert.x, one object for every caller. */
  public static ProofSettings of(Vertx vertx) {
    LocalMap<String, ProofSettings> map = vertx.sharedData().getLocalMap(MAP);
    ProofSettings fresh = new ProofSettings();
    ProofSettings existing = map.putIfAbsent(MAP, fresh);
    return existing != null ? existing : fresh;
  }

  /** Leading zero bits an entry of {@code showId} must prove; 0 for none. */
  public int difficulty(String showId) {
    Integer difficulty = difficulties.get(showId);
    return difficulty == null ? 0 : difficulty;
  }

  /** One show's setting, as changed here or heard from another gateway. */
  void set(String showId, int difficulty) {
    put(showId, difficulty);
    changes.incrementAndGet();
  }

  /** How many changes were applied one by one so far: taken before a read of the store, for {@link #replaceAll}. */
  long changes() {
    return changes.get();
  }

  /**
   * Every show's setting at once, as read from the store (shows missing from {@code all} ask for none), unless a
   * change was applied since {@code changesAtRead}: the read may predate it, and the next one will not.
   */
  void replaceAll(Map<String, Integer> all, long changesAtRead) {
    if (changes.get() != changesAtRead) {
      return;
    }
    difficulties.keySet().retainAll(all.keySet());
    all.forEach(this::put);
  }

  private void put(String showId, int difficulty) {
    if (difficulty <= 0) {
      difficulties.remove(showId);
    } else {
      difficulties.put(showId, difficulty);
    }
  }

  /** Whether the caller should read the store now: true for one caller per {@code periodMillis} in this JVM. */
  boolean dueForRead(long nowMillis, long periodMillis) {
    long last = readAt.get();
    return nowMillis - last >= periodMillis && readAt.compareAndSet(last, nowMillis);
  }
}
