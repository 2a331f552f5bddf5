package io.ticketping.gateway.queue.pow;

import io.ticketping.shared.problem.Problem;
import io.vertx.core.json.JsonObject;

/**
 * The answers to an entry whose proof of work is missing or refused: 4xx problems of one type
 * ({@code urn:ticketping:problem:proof-of-work}, so a client knows to fetch a new challenge), each naming the field
 * at fault.
 */
final class ProofProblems {

  static final String TYPE = "urn:ticketping:problem:proof-of-work";

  private ProofProblems() {
  }

  static Problem required(String showId, int difficulty) {
    return new Problem(TYPE, "Proof of work required", 400, "Entering this show takes a proof of work: get a "
      + "challenge at /api/v1/queue/" + showId + "/challenge, solve it, then enter with challenge and nonce.",
      "challenge", new JsonObject().put("difficulty", difficulty));
  }

  static Problem forged() {
    return refused(400, "challenge", "The challenge was not issued by TicketPing, or was changed.");
  }

  static Problem otherAccount() {
    return refused(403, "challenge", "The challenge was issued to another account.");
  }

  static Problem otherShow() {
    return refused(403, "challenge", "The challenge was issued for another show.");
  }

  static Problem expired() {
    return refused(400, "challenge", "The challenge has expired: get a new one.");
  }

  static Problem tooEasy(int difficulty) {
    return refused(400, "challenge", "The show now asks for more work than this challenge: get a new one.")
      .with("difficulty", difficulty);
  }

  static Problem noNonce() {
    return refused(400, "nonce", "The nonce that solves the challenge is missing.");
  }

  static Problem wrongNonce() {
    return refused(400, "nonce", "The nonce does not solve the challenge.");
  }

  static Problem spent() {
    return refused(409, "challenge", "The challenge was already used: get a new one.");
  }

  private static Problem refused(int status, String field, String detail) {
    return new Problem(TYPE, "Proof of work refused", status, detail, field, null);
  }
}
