package io.ticketping.perf;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProofSolverTest {

  /** Shaped like a gateway challenge: base64url(payload) "." base64url(signature). */
  private static final String CHALLENGE =
    "NDI6MTI6MTc2NTAwMDAwMDAwMDpxV2VydHlVaW9wQXNkZmdoOjEyMw.c2lnbmF0dXJlLW9mLXRoZS1nYXRld2F5LTAxMjM0NTY3ODk";

  @Test
  @DisplayName("The nonce found makes SHA-256 of challenge + nonce start with the asked zero bits")
  void solutionSatisfiesTheRule() throws Exception {
    for (int difficulty : new int[] {1, 4, 8, 12, 16}) {
      ProofSolver.Solution solution = ProofSolver.solve(CHALLENGE, difficulty);
      assertThat(solution.nonce()).matches("[0-9]{1,20}");
      assertThat(leadingZeroBits(sha256(CHALLENGE + solution.nonce()))).isGreaterThanOrEqualTo(difficulty);
    }
  }

  @Test
  @DisplayName("The nonce is the first that works, counted from 0 in decimal, so the hashes tried are nonce + 1")
  void firstNonceCountingFromZero() throws Exception {
    // 12 bits take about 4,096 hashes: the count passes 9 → 10, 99 → 100 and 999 → 1000 on the way.
    String challenge = CHALLENGE + "x";
    ProofSolver.Solution solution = ProofSolver.solve(challenge, 12);
    long nonce = Long.parseLong(solution.nonce());
    assertThat(solution.nonce()).isEqualTo(Long.toString(nonce));
    assertThat(solution.hashes()).isEqualTo(nonce + 1);
    for (long earlier = 0; earlier < nonce; earlier++) {
      assertThat(leadingZeroBits(sha256(challenge + earlier))).as("nonce %d", earlier).isLessThan(12);
    }
  }

  @Test
  @DisplayName("Difficulty 0 is solved by nonce 0; a difficulty out of range is refused")
  void bounds() {
    assertThat(ProofSolver.solve(CHALLENGE, 0)).isEqualTo(new ProofSolver.Solution("0", 1));
    assertThatThrownBy(() -> ProofSolver.solve(CHALLENGE, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProofSolver.solve(CHALLENGE, 65)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("The zero-bit check reads whole bytes, then the high bits of the next")
  void zeroBits() {
    byte[] hash = new byte[32];
    hash[1] = 0x10; // 0000 0000 0001 0000: 11 leading zero bits
    assertThat(ProofSolver.startsWithZeroBits(hash, 11)).isTrue();
    assertThat(ProofSolver.startsWithZeroBits(hash, 12)).isFalse();
    assertThat(ProofSolver.startsWithZeroBits(hash, 8)).isTrue();
  }

  private static byte[] sha256(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static int leadingZeroBits(byte[] hash) {
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
