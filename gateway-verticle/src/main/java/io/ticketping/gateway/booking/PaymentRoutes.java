package io.ticketping.gateway.booking;

import io.ticketping.gateway.web.JsonBody;
import io.ticketping.gateway.web.Principal;
import io.ticketping.gateway.web.ServiceCalls;
import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.booking.PaymentAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Payments over HTTP; the payment service takes them behind the event bus. */
public final class PaymentRoutes {

  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final ServiceCalls calls;

  public PaymentRoutes(ServiceCalls calls) {
    this.calls = calls;
  }

  /** {@code POST /api/v1/payments} with an {@code Idempotency-Key} header: a repeat gets the first answer. */
  public void pay(RoutingContext ctx) {
    calls.request(PaymentAddresses.PAY, payRequest(ctx)).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /**
   * Before the queue-pass check of {@code POST /api/v1/payments}: a repeat of a key that already has its answer gets
   * that answer (or its stored problem) here, with no pass needed, since paying the order revoked it and a client whose
   * first answer was lost must still learn it. A new key (or one whose attempt failed) goes on to the pass check.
   */
  public void replay(RoutingContext ctx) {
    calls.request(PaymentAddresses.REPLAY, payRequest(ctx)).onSuccess(found -> {
      if (found.getBoolean("replayed", false)) {
        ctx.json(found.getJsonObject("answer"));
      } else {
        ctx.next();
      }
    }).onFailure(ctx::fail);
  }

  private static JsonObject payRequest(RoutingContext ctx) {
    return JsonBody.of(ctx).copy()
      .put("userId", Principal.of(ctx).userId())
      .put("idempotencyKey", ctx.request().getHeader(IDEMPOTENCY_KEY));
  }

  public void get(RoutingContext ctx) {
    calls.request(PaymentAddresses.GET, new JsonObject().put("userId", Principal.of(ctx).userId())
        .put("paymentId", ctx.pathParam("paymentId")))
      .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** The show whose queue pass a payment needs: the show of the caller's order (404 when it is not theirs). */
  public Future<String> showOfPayment(RoutingContext ctx) {
    return calls.request(BookingAddresses.GET_ORDER, new JsonObject().put("userId", Principal.of(ctx).userId())
        .put("orderId", JsonBody.of(ctx).getString("orderId")))
      .map(order -> String.valueOf(order.getLong("showId")));
  }
}
