package io.ticketping.shared.events;

/**
 * A handler's way to say "this failed because something I depend on is unavailable right now; the event itself is
 * fine": the consumer then retries it until it succeeds and never parks it on the dead-letter topic. Useful where the
 * failure would otherwise look like a poison event, e.g. a dependency that answers with an error of its own meaning
 * "try later". See {@link Failures#isTransient(Throwable)}.
 */
public final class TransientFailure extends RuntimeException {

  public TransientFailure(String message) {
    super(message);
  }

  public TransientFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
