package io.ticketping.gateway;

import io.ticketping.gateway.queue.pow.ProofOfWork;

/** Solving proof-of-work challenges as a client does, and finding nonces that do not solve them. */
final class Proofs {

  private Proofs() {
  }

  /** The first nonce (0, 1, 2 ...) that solves {@code challenge} at {@code difficulty}. */
  static String solve(String challenge, int difficulty) {
    for (long nonce = 0; ; nonce++) {
      String text = Long.toString(nonce);
      if (ProofOfWork.solves(challenge, text, difficulty)) {
        return text;
      }
    }
  }

  /** A nonce that does not solve {@code challenge} at {@code difficulty} (at least 1). */
  static String wrong(String challenge, int difficulty) {
    for (long nonce = 0; ; nonce++) {
      String text = Long.toString(nonce);
      if (!ProofOfWork.solves(challenge, text, difficulty)) {
        return text;
      }
    }
  }
}
