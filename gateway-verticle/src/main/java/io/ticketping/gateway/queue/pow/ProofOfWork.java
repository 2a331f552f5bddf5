package io.ticketping.gateway.queue.pow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The work itself: a nonce solves a challenge at a difficulty when SHA-256 of the challenge's text followed by the
 * nonce's text (both ASCII) starts with at least that many zero bits. Finding one takes 2^difficulty hashes on
 * average; checking it takes one.
 */
public final class ProofOfWork {

  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  });

  private ProofOfWork() {
  }

  /** Whether {@code nonce} solves {@code challenge} at {@code difficulty} leading zero bits. */
  public static boolean solves(String challenge, String nonce, int difficulty) {
    return leadingZeroBits(hash(challenge, nonce)) >= difficulty;
  }

  static byte[] hash(String challenge, String nonce) {
    MessageDigest sha = SHA_256.get();
    sha.update(challenge.getBytes(StandardCharsets.US_ASCII));
    return sha.digest(nonce.getBytes(StandardCharsets.US_ASCII));
  }

  static int leadingZeroBits(byte[] hash) {
    int bits = 0;
    for (byte b : hash) {
      if (b != 0) {
        return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
      }
      bits += 8;
    }
    return bits;
  }
}
