package io.ticketping.gateway.queue.pass;

import io.ticketping.gateway.web.Principal;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * Guards a route that only admitted users may use (booking, payment): the {@code X-Queue-Pass} header must hold a
 * pass signed by us, for the caller, for the show of the request, whose slot is still in the working set. A missing,
 * tampered, expired or revoked pass is 401; a pass of another show or another user is 403. Place it after the
 * bearer-token check. A payment's guard lets an expired or revoked pass through ({@link #forPayment}).
 */
public final class PassGuard implements Handler<RoutingContext> {

  public static final String HEADER = "X-Queue-Pass";
  private static final String KEY = "ticketping.queuePass";

  private final QueuePasses passes;
  private final ServiceCalls calls;
  private final Function<RoutingContext, Future<String>> showOfRequest;
  private final boolean lapsedAllowed;

  /** @param showOfRequest the show the request is about (from its path, or looked up from its body) */
  public PassGuard(QueuePasses passes, ServiceCalls calls, Function<RoutingContext, Future<String>> showOfRequest) {
    this(passes, calls, showOfRequest, false);
  }

  private PassGuard(QueuePasses passes, ServiceCalls calls, Function<RoutingContext, Future<String>> showOfRequest,
                    boolean lapsedAllowed) {
    this.passes = passes;
    this.calls = calls;
    this.showOfRequest = showOfRequest;
    this.lapsedAllowed = lapsedAllowed;
  }

  /**
   * The guard of a payment, which holds the checkout window open: paying for held seats works until the hold
   * expires, whatever the pass's own expiry. The pass must still be signed by us and be the caller's, but it may have
   * expired or been revoked (its slot left the working set), so the slot is not looked up. That opens nothing else:
   * the payment service charges only for the caller's own PENDING_PAYMENT order whose hold is live, of the pass's
   * show (checked against the order there, which it reads anyway: another show's pass is 403), exactly what a live
   * pass allows; an order whose hold expired is 409 either way.
   */
  public static PassGuard forPayment(QueuePasses passes, ServiceCalls calls) {
    return new PassGuard(passes, calls, null, true);
  }

  /** The checked pass, for handlers placed after the guard. */
  public static QueuePass of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    check(ctx).onSuccess(pass -> {
      ctx.put(KEY, pass);
      ctx.next();
    }).onFailure(ctx::fail);
  }

  /**
   * The caller's live pass for the request's show (for a payment: the caller's pass, live or lapsed), or a failed
   * future with the 401/403 problem.
   */
  public Future<QueuePass> check(RoutingContext ctx) {
    String token = ctx.request().getHeader(HEADER);
    if (token == null || token.isBlank() || token.length() > 4096) {
      return Future.failedFuture(
        invalid("This needs a queue pass in the " + HEADER + " header: enter the show's waiting room first."));
    }
    long caller = Principal.of(ctx).userId();
    return (lapsedAllowed ? passes.signed(token.trim()) : passes.verify(token.trim()))
      .recover(e -> Future.failedFuture(invalid("The queue pass is invalid or expired.")))
      .compose(pass -> (showOfRequest == null ? Future.succeededFuture(pass.showId()) : showOfRequest.apply(ctx))
        .compose(show -> {
          if (pass.userId() != caller) {
            return Future.failedFuture(Problem.forbidden("This queue pass belongs to another user.").toException());
          }
          if (!pass.showId().equals(show)) {
            return Future.failedFuture(Problem.forbidden("This queue pass is for another show.").toException());
          }
          if (lapsedAllowed) {
            return Future.succeededFuture(pass);
          }
          return calls.request(QueueAddresses.PASS_CHECK, new JsonObject().put("showId", show).put("userId", caller))
            // A waiting room that is gone (lost with Redis, say) holds no slot: the pass is revoked, not a 404.
            .recover(e -> e instanceof ReplyException reply && reply.failureCode() == 404
              ? Future.succeededFuture(new JsonObject().put("active", false))
              : Future.failedFuture(e))
            .compose(check -> check.getBoolean("active", false)
              ? Future.succeededFuture(pass)
              : Future.failedFuture(
                invalid("The queue pass is no longer valid: its slot expired, was used or given up.")));
        }));
  }

  private static RuntimeException invalid(String detail) {
    return Problem.of(401, "queue-pass-invalid", "Queue pass required", detail).toException();
  }
}
