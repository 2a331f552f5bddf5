package io.ticketping.gateway.queue.pow;

/**
 * A proof-of-work challenge as the gateway signed it ({@link ChallengeSigner}): whoever enters {@code showId} as
 * {@code userId} before {@code expiresAtMillis} shows that SHA-256 of {@code token} followed by a nonce starts with
 * {@code difficulty} zero bits ({@link ProofOfWork}).
 *
 * @param token           the signed text the client hashes and sends back, as handed out
 * @param userId          the account it was issued to: another account cannot use it
 * @param showId          the show it lets one enter
 * @param difficulty      leading zero bits the hash needs
 * @param expiresAtMillis when it stops working (epoch ms)
 * @param signature       the token's signature part, unique per challenge (its salt is random): its replay key
 */
public record Challenge(String token, long userId, String showId, int difficulty, long expiresAtMillis,
                        String signature) {
}
