package io.ticketping.payment;

import io.vertx.core.json.JsonObject;

/**
 * The {@code payment} settings the payment flow and its reconciler share.
 *
 * @param providerTimeoutMs     how long a provider call may take before its outcome counts as unknown
 * @param breakerResetMs        how long an open breaker refuses calls
 * @param reconcileMillis       how often the reconciler looks for payments to settle or refund
 * @param reconcileBackoffMs    the first wait before looking a payment up (again); doubled per look-up
 * @param reconcileMaxBackoffMs the longest wait between two look-ups of one payment
 * @param notFoundGraceMs       how long after the confirm a provider that says "no such payment" is believed: a
 *                              confirm still on its way could charge until then
 * @param orderCheckTimeoutMs   how long booking may take to answer the order check before a payment
 */
record PaymentSettings(long providerTimeoutMs, long breakerResetMs, long reconcileMillis, long reconcileBackoffMs,
                       long reconcileMaxBackoffMs, long notFoundGraceMs, long orderCheckTimeoutMs) {

  private static final long MARGIN_MS = 2000;

  static PaymentSettings from(JsonObject payment) {
    return new PaymentSettings(payment.getLong("providerTimeoutMs"), payment.getLong("breakerResetMs"),
      payment.getLong("reconcileMillis"), payment.getLong("reconcileBackoffMs"),
      payment.getLong("reconcileMaxBackoffMs"), payment.getLong("notFoundGraceMs"),
      payment.getLong("orderCheckTimeoutMs"));
  }

  /**
   * How long the request that claimed a payment has it to itself: after that it has died or given up, and the
   * reconciler asks the provider instead.
   */
  long inFlightMillis() {
    return orderCheckTimeoutMs + providerTimeoutMs + MARGIN_MS;
  }
}
