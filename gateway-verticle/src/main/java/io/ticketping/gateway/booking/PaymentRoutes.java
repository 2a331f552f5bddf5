package io.ticketping.gateway.booking;

import io.ticketping.gateway.queue.pass.PassGuard;
import io.ticketping.gateway.queue.pass.QueuePasses;
import io.ticketping.gateway.web.ContractValidation;
import io.ticketping.gateway.web.Principal;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.payment.PaymentAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Payments over HTTP; the payment service takes them behind the event bus. */
public final class PaymentRoutes {

  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final String PENDING = "PENDING";

  private final ServiceCalls calls;
  private final PassGuard guard;

  public PaymentRoutes(ServiceCalls calls, QueuePasses passes) {
    this.calls = calls;
    this.guard = PassGuard.forPayment(passes, calls);
  }

  /**
   * {@code POST /api/v1/payments} with an {@code Idempotency-Key} header: a repeat gets the first answer. The pass must
   * be the caller's, signed by us, but may have expired or been revoked: the checkout window lasts as long as the
   * hold, and the payment service pays only the caller's own order of the pass's show while its hold is live
   * ({@link PassGuard#forPayment}). When the pass check fails (no pass, a tampered one, another user's), a repeat of a
   * key that already has its answer still gets that answer (or its stored problem), so a client whose first answer
   * was lost still learns it; anything else gets the pass check's problem.
   */
  public void pay(RoutingContext ctx) {
    guard.check(ctx)
      .transform(checked -> checked.succeeded()
        ? calls.request(PaymentAddresses.PAY, payRequest(ctx).put("showId", checked.result().showId()))
        : replayOr(ctx, checked.cause()))
      .onSuccess(answer -> respond(ctx, answer)).onFailure(ctx::fail);
  }

  /**
   * 200 with a settled payment; 202 while its outcome is not known yet (the provider's answer did not come back): the
   * client asks {@code GET /api/v1/payments/{paymentId}} or repeats the request, and never pays with a new key.
   */
  private static void respond(RoutingContext ctx, JsonObject answer) {
    if (PENDING.equals(answer.getString("status"))) {
      ctx.response().setStatusCode(202).putHeader("Location", "/api/v1/payments/" + answer.getString("paymentId"))
        .putHeader("Retry-After", "2");
    }
    ctx.json(answer);
  }

  private Future<JsonObject> replayOr(RoutingContext ctx, Throwable passRefused) {
    return calls.request(PaymentAddresses.REPLAY, payRequest(ctx)).compose(found -> found.getBoolean("replayed", false)
      ? Future.succeededFuture(found.getJsonObject("answer"))
      : Future.failedFuture(passRefused));
  }

  private static JsonObject payRequest(RoutingContext ctx) {
    return ContractValidation.body(ctx).copy()
      .put("userId", Principal.of(ctx).userId())
      .put("idempotencyKey", ctx.request().getHeader(IDEMPOTENCY_KEY));
  }

  public void get(RoutingContext ctx) {
    calls.request(PaymentAddresses.GET, new JsonObject().put("userId", Principal.of(ctx).userId())
        .put("paymentId", ctx.pathParam("paymentId")))
      .onSuccess(ctx::json).onFailure(ctx::fail);
  }

}
