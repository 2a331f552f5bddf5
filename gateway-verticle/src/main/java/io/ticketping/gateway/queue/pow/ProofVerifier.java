package io.ticketping.gateway.queue.pow;

import io.ticketping.shared.problem.Problem;
import io.vertx.core.json.JsonObject;

/**
 * Checks the proof of work an entry carries, in memory only (no Redis call, no event-bus message): the show's
 * setting from {@link ProofSettings}, then the challenge's signature, account, show, expiry and difficulty, the
 * nonce's hash, and last that the challenge was not spent before ({@link UsedChallenges}), so a wrong nonce does not
 * spend it.
 */
public final class ProofVerifier {

  private final ProofSettings settings;
  private final ChallengeSigner signer;
  private final UsedChallenges used;

  public ProofVerifier(ProofSettings settings, ChallengeSigner signer, UsedChallenges used) {
    this.settings = settings;
    this.signer = signer;
    this.used = used;
  }

  /**
   * Why {@code userId} may not enter {@code showId} with {@code body} (the entry's {@code {challenge, nonce}}, or null
   * without a body); null when the show asks for no proof or the proof holds, which spends the challenge.
   */
  public Problem refusal(JsonObject body, long userId, String showId, long nowMillis) {
    int required = settings.difficulty(showId);
    if (required == 0) {
      return null;
    }
    String token = body == null ? null : body.getString("challenge");
    String nonce = body == null ? null : body.getString("nonce");
    if (token == null) {
      return ProofProblems.required(showId, required);
    }
    if (nonce == null) {
      return ProofProblems.noNonce();
    }
    Challenge challenge = signer.open(token);
    if (challenge == null) {
      return ProofProblems.forged();
    }
    if (challenge.userId() != userId) {
      return ProofProblems.otherAccount();
    }
    if (!challenge.showId().equals(showId)) {
      return ProofProblems.otherShow();
    }
    if (challenge.expiresAtMillis() <= nowMillis) {
      return ProofProblems.expired();
    }
    if (challenge.difficulty() < required) {
      return ProofProblems.tooEasy(required);
    }
    if (!ProofOfWork.solves(token, nonce, challenge.difficulty())) {
      return ProofProblems.wrongNonce();
    }
    return used.spend(challenge, nowMillis) ? null : ProofProblems.spent();
  }
}
