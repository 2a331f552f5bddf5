package io.ticketping.gateway.auth;

import io.ticketping.gateway.web.Principal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens already verified, until they expire. A waiting user polls with the same token every few seconds, and
 * re-checking it each time (Base64, JSON, HMAC, a user object) is pure repetition: the signature, the claims and the
 * expiry depend only on the token, the key and the clock. Whether its session has ended since is not remembered here:
 * {@link AccessTokens} checks that on every use. Bounded: when full, it starts over (a cache miss only costs the full
 * check).
 */
final class VerifiedTokens {

  /** What a verified token says: who calls, in which session. */
  record Verified(Principal principal, String sessionId) {
  }

  private record Entry(Verified verified, long validUntilMillis) {
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final int maxEntries;

  VerifiedTokens(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** What a token verified earlier and still valid at {@code nowMillis} says; null otherwise. */
  Verified get(String token, long nowMillis) {
    Entry entry = entries.get(token);
    if (entry == null) {
      return null;
    }
    if (nowMillis >= entry.validUntilMillis()) {
      entries.remove(token);
      return null;
    }
    return entry.verified();
  }

  void put(String token, Verified verified, long validUntilMillis) {
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(token, new Entry(verified, validUntilMillis));
  }
}
