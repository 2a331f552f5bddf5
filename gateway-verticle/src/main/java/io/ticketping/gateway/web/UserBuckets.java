package io.ticketping.gateway.web;

import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.ext.web.RoutingContext;

/**
 * Token buckets per user, in this gateway instance's memory, for the requests that cost no shared resource each: the
 * queue polls answered from the gateway's view and the queue entries it batches. A shared bucket would cost a Redis
 * round trip per request, more than such a request costs; the price is that each gateway instance gives a user the
 * whole bucket. Confined to the instance's event loop, and pruned there at the queue's ticks.
 */
public final class UserBuckets {

  private final LocalBuckets<Long> byUser;

  public UserBuckets(int capacity, double refillPerSecond) {
    this.byUser = new LocalBuckets<>(capacity, refillPerSecond);
  }

  /** Takes one token of {@code userId}'s bucket: 0 when taken, else the milliseconds until one is available. */
  long take(long userId, long now) {
    return byUser.take(userId, now);
  }

  /** Takes one of the caller's tokens; when there is none, fails the request with 429 and answers false. */
  public boolean admit(RoutingContext ctx, long userId) {
    long waitMillis = take(userId, System.currentTimeMillis());
    if (waitMillis == 0) {
      return true;
    }
    long retryAfterSeconds = Math.max(1, (waitMillis + 999) / 1000);
    ctx.fail(new ProblemException(
      Problem.tooManyRequests("Too many requests; retry in " + retryAfterSeconds + " s."), retryAfterSeconds));
    return false;
  }

  /** Drops buckets that have refilled completely: they equal a new one. */
  public void prune(long now) {
    byUser.prune(now);
  }

  int size() {
    return byUser.size();
  }
}
