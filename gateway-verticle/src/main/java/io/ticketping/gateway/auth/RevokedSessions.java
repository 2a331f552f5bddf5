package io.ticketping.gateway.auth;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This JVM's copy of the ended sessions whose access tokens may still be unexpired, shared by every gateway instance
 * of the Vert.x (hence Shareable: never copied) and filled by {@link RevocationFeed}. Checking a token against it is
 * one map look-up, with no Redis call. Also keeps where the feed has read up to, so the instances continue one
 * another's reads.
 */
final class RevokedSessions implements Shareable {

  private static final String MAP = "ticketping.gateway.revoked-sessions";

  /** Session id → when its last access token has expired for sure (epoch ms). */
  private final Map<String, Long> until = new ConcurrentHashMap<>();
  private final AtomicBoolean reading = new AtomicBoolean();
  private volatile String cursor = "0-0";
  private volatile long lastReadAt;

  /** The copy of {@code vertx}, created by the first instance that asks. */
  static RevokedSessions of(Vertx vertx) {
    LocalMap<String, RevokedSessions> shared = vertx.sharedData().getLocalMap(MAP);
    RevokedSessions fresh = new RevokedSessions();
    RevokedSessions existing = shared.putIfAbsent(MAP, fresh);
    return existing != null ? existing : fresh;
  }

  boolean contains(String sessionId) {
    return until.containsKey(sessionId);
  }

  void add(String sessionId, long untilMillis) {
    until.merge(sessionId, untilMillis, Math::max);
  }

  /** Forgets the sessions whose access tokens have all expired by {@code nowMillis}. */
  void prune(long nowMillis) {
    until.values().removeIf(at -> at <= nowMillis);
  }

  int size() {
    return until.size();
  }

  /** The id of the last stream entry read ({@code 0-0} before the first). */
  String cursor() {
    return cursor;
  }

  /** Moves the cursor forward to {@code id} (never back: reads by two instances may finish in any order). */
  synchronized void readUpTo(String id) {
    if (compareIds(id, cursor) > 0) {
      cursor = id;
    }
  }

  /** Claims the next read unless one is under way or one began less than {@code minGapMillis} ago. */
  boolean beginRead(long nowMillis, long minGapMillis) {
    if (nowMillis - lastReadAt < minGapMillis || !reading.compareAndSet(false, true)) {
      return false;
    }
    lastReadAt = nowMillis;
    return true;
  }

  void endRead() {
    reading.set(false);
  }

  /** Orders two stream entry ids ({@code <ms>-<seq>}). */
  static int compareIds(String a, String b) {
    int dashA = a.indexOf('-');
    int dashB = b.indexOf('-');
    int byTime = Long.compare(Long.parseLong(a.substring(0, dashA)), Long.parseLong(b.substring(0, dashB)));
    return byTime != 0 ? byTime
      : Long.compare(Long.parseLong(a.substring(dashA + 1)), Long.parseLong(b.substring(dashB + 1)));
  }
}
