package io.ticketping.shared.problem;

/**
 * A failure that carries the problem to answer with. No stack trace: these are expected outcomes (bad input, conflict,
 * rate limit), raised often under load, not bugs.
 */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;
  private final long retryAfterSeconds;

  public ProblemException(Problem problem, long retryAfterSeconds) {
    this(problem, retryAfterSeconds, null);
  }

  /** With the failure that led to this answer as cause, e.g. an open circuit breaker. */
  public ProblemException(Problem problem, long retryAfterSeconds, Throwable cause) {
    super(problem.detail(), cause, false, false);
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Problem problem() {
    return problem;
  }

  /** Seconds for a {@code Retry-After} header, or 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
