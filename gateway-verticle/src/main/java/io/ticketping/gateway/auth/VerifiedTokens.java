package io.ticketping.gateway.auth;

import io.ticketping.gateway.web.Principal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens already verified, until they expire. A waiting user polls with the same token every few seconds, and
 * re-checking it each time (Base64, JSON, HMAC, a user object) is pure repetition: the answer depends only on the
 * token, the key and the clock, and access tokens are never revoked before they expire. Bounded: when full, it starts
 * over (a cache miss only costs the full check).
 */
final class VerifiedTokens {

  private record Entry(Principal principal, long validUntilMillis) {
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final int maxEntries;

  VerifiedTokens(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** The caller of a token verified earlier and still valid at {@code nowMillis}; null otherwise. */
  Principal get(String token, long nowMillis) {
    Entry entry = entries.get(token);
    if (entry == null) {
      return null;
    }
    if (nowMillis >= entry.validUntilMillis()) {
      entries.remove(token);
      return null;
    }
    return entry.principal();
  }

  void put(String token, Principal principal, long validUntilMillis) {
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(token, new Entry(principal, validUntilMillis));
  }
}
