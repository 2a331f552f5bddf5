package io.ticketping.payment.provider;

import io.vertx.core.Future;

/**
 * A card-payment provider: confirm a payment, cancel (refund) one that was confirmed, and look a payment up, which is
 * how an outcome that never came back (timeout, reset, 5xx, a crash) is settled: by asking, never by guessing.
 */
public interface PaymentProvider {

  /**
   * Confirms (charges) a payment. Idempotent by {@code paymentKey} at the provider, so a retry after a lost answer
   * never charges twice. Succeeds with the outcome; fails when no answer came back (timeout, reset, 5xx), in which
   * case the payment may or may not have been charged, or with a {@link java.net.ConnectException} when the request
   * never left.
   */
  Future<Outcome> confirm(String paymentKey, String orderId, long amount);

  /** Cancels a confirmed payment in full; idempotent by {@code paymentKey} (cancelling again succeeds). */
  Future<Void> cancel(String paymentKey, String reason);

  /** What the provider knows of {@code paymentKey} ({@code GET /v1/payments/{paymentKey}}). */
  Future<Lookup> lookup(String paymentKey);

  /** The provider's latest payment for {@code orderId} ({@code GET /v1/payments/orders/{orderId}}). */
  Future<Lookup> lookupByOrder(String orderId);

  /** The provider's answer to a confirm. */
  record Outcome(boolean approved, String code, String message) {

    public static Outcome approval() {
      return new Outcome(true, "DONE", "Approved");
    }

    public static Outcome decline(String code, String message) {
      return new Outcome(false, code, message);
    }
  }

  /** A payment as the provider knows it; {@code paymentKey} is null when it is {@link State#NOT_FOUND}. */
  record Lookup(String paymentKey, State state, String code, String message) {

    public enum State {
      /** Charged and not cancelled. */
      APPROVED,
      /** Charged, then cancelled in full. */
      CANCELED,
      /** Confirmed and refused: nothing was charged. */
      DECLINED,
      /** The provider never confirmed this payment: nothing was charged. */
      NOT_FOUND
    }

    public static Lookup notFound() {
      return new Lookup(null, State.NOT_FOUND, "NOT_FOUND_PAYMENT", "No such payment");
    }
  }
}
