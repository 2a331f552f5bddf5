package io.ticketping.perf;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Solves the waiting room's proof-of-work challenges as a buyer's page does: counts nonces up from 0 in decimal digits
 * until SHA-256 of the challenge's text followed by the nonce's (both ASCII, as the gateway checks them) starts with
 * the difficulty's number of zero bits. One digest per thread, and no allocation per hash: the nonce's digits are
 * counted in place.
 */
public final class ProofSolver {

  /** The gateway accepts at most 20 digits; 2^63 hashes is further than anybody counts. */
  private static final int MAX_DIGITS = 20;
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  });

  /** A nonce that solves a challenge, and how many hashes finding it took. */
  public record Solution(String nonce, long hashes) {
  }

  private ProofSolver() {
  }

  /** The first nonce, counting from 0, whose hash after {@code challenge} starts with {@code difficulty} zero bits. */
  public static Solution solve(String challenge, int difficulty) {
    if (difficulty < 0 || difficulty > 64) {
      throw new IllegalArgumentException("difficulty must be 0 to 64 bits, not " + difficulty);
    }
    MessageDigest sha = SHA_256.get();
    byte[] prefix = challenge.getBytes(StandardCharsets.US_ASCII);
    byte[] digits = new byte[MAX_DIGITS];
    int start = MAX_DIGITS - 1;
    digits[start] = '0';
    byte[] hash = new byte[32];
    for (long hashes = 1; ; hashes++) {
      sha.update(prefix);
      sha.update(digits, start, MAX_DIGITS - start);
      try {
        sha.digest(hash, 0, hash.length);
      } catch (DigestException e) {
        throw new IllegalStateException("a SHA-256 hash is 32 bytes", e);
      }
      if (startsWithZeroBits(hash, difficulty)) {
        return new Solution(new String(digits, start, MAX_DIGITS - start, StandardCharsets.US_ASCII), hashes);
      }
      start = increment(digits, start);
    }
  }

  /** Whether {@code hash} starts with at least {@code bits} zero bits. */
  static boolean startsWithZeroBits(byte[] hash, int bits) {
    int whole = bits >>> 3;
    for (int i = 0; i < whole; i++) {
      if (hash[i] != 0) {
        return false;
      }
    }
    int rest = bits & 7;
    return rest == 0 || (hash[whole] & 0xff) >>> (8 - rest) == 0;
  }

  /** Adds one to the decimal number in {@code digits[start..]}; its new first digit's index. */
  private static int increment(byte[] digits, int start) {
    int i = MAX_DIGITS - 1;
    while (i >= start && digits[i] == '9') {
      digits[i] = '0';
      i--;
    }
    if (i < start) {
      digits[i] = '1';
      return i;
    }
    digits[i]++;
    return start;
  }
}
