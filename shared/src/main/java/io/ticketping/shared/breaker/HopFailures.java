package io.ticketping.shared.breaker;

import io.ticketping.shared.problem.ProblemException;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.eventbus.ReplyException;

/**
 * Which failed calls count against a breaker, and which mean "the other side cannot answer now". A service's own
 * problem reply is an answer (a 404, a 409 seat taken, a 503 of its own breaker with its own Retry-After): the service
 * is there and working, so it never counts. Counted are no handler, no answer in time, a 500 or 502 (the service
 * broke while answering), and any other failure (a lost Redis connection, say).
 */
public final class HopFailures {

  private HopFailures() {
  }

  public static boolean counts(Throwable failure) {
    if (failure instanceof ProblemException) {
      return false;
    }
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case NO_HANDLERS, TIMEOUT -> true;
        case RECIPIENT_FAILURE -> reply.failureCode() == 500 || reply.failureCode() == 502;
        default -> true;
      };
    }
    return true;
  }

  /**
   * True when the failure says the other side is away or slow rather than answering (an open breaker, no handler,
   * no answer in time, a 503/504), so that an answer kept from earlier may stand in for it.
   */
  public static boolean unavailable(Throwable failure) {
    if (failure instanceof OpenCircuitException) {
      return true;
    }
    if (failure instanceof ProblemException problem) {
      int status = problem.problem().status();
      return status == 503 || status == 504;
    }
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case NO_HANDLERS, TIMEOUT -> true;
        case RECIPIENT_FAILURE -> reply.failureCode() == 503 || reply.failureCode() == 504;
        default -> false;
      };
    }
    return false;
  }
}
