package io.ticketping.payment.provider;

import io.vertx.core.Future;

/** A card-payment provider: confirm a payment, or cancel (refund) one that was confirmed. */
public interface PaymentProvider {

  /**
   * Confirms (charges) a payment. Idempotent by {@code paymentKey} at the provider, so a retry after a lost answer
   * never charges twice. Succeeds with the outcome; fails when the provider could not be asked (timeout, outage).
   */
  Future<Outcome> confirm(String paymentKey, String orderId, long amount);

  /** Cancels a confirmed payment in full; idempotent by {@code paymentKey}. */
  Future<Void> cancel(String paymentKey, String reason);

  /** The provider's answer to a confirm. */
  record Outcome(boolean approved, String code, String message) {

    public static Outcome approval() {
      return new Outcome(true, "DONE", "Approved");
    }

    public static Outcome decline(String code, String message) {
      return new Outcome(false, code, message);
    }
  }
}
