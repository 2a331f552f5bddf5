package io.ticketping.gateway.auth;

import io.ticketping.gateway.cache.BoundedCache;
import io.ticketping.gateway.web.Principal;

/**
 * Access tokens already verified, until they expire. A waiting user polls with the same token every few seconds, and
 * re-checking it each time (Base64, JSON, HMAC, a user object) is pure repetition: the signature, the claims and the
 * expiry depend only on the token, the key and the clock. Whether its session has ended since is not remembered here:
 * {@link AccessTokens} checks that on every use. Bounded by recency ({@link BoundedCache}): the tokens in use stay,
 * however many others come and go (a miss only costs the full check).
 */
final class VerifiedTokens {

  /** What a verified token says: who calls, in which session. */
  record Verified(Principal principal, String sessionId) {
  }

  private final BoundedCache<String, Verified> entries;

  /** {@code generation}: tokens per generation; at most twice this many are remembered. */
  VerifiedTokens(int generation) {
    this.entries = new BoundedCache<>(generation);
  }

  /** What a token verified earlier and still valid at {@code nowMillis} says; null otherwise. */
  Verified get(String token, long nowMillis) {
    return entries.get(token, nowMillis);
  }

  void put(String token, Verified verified, long validUntilMillis) {
    entries.put(token, verified, validUntilMillis);
  }
}
