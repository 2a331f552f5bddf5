package io.ticketping.shared.payment;

/**
 * Event-bus addresses of the payment service (request/reply, {@code JsonObject} bodies; failures carry the HTTP
 * status as code and a {@code Problem} as JSON message).
 */
public final class PaymentAddresses {

  /**
   * {@code {userId, idempotencyKey, orderId, amount, showId}} → {@code {paymentId, orderId, status, amount}}: status
   * APPROVED or DECLINED, or PENDING when the provider's answer did not come back (the gateway answers 202; the
   * payment is settled later by asking the provider). Another key on an order whose payment is pending gets that
   * payment, never a new charge.
   */
  public static final String PAY = "payment.pay";
  /**
   * {@code {userId, idempotencyKey, orderId, amount}} → {@code {replayed: true, answer}} when that user's key already
   * has a final answer (a stored refusal fails as that same problem; another request under the key is 422), or
   * {@code {replayed: false}} when the key is new or its last attempt failed, so the request is a new payment attempt.
   * It never charges: the gateway asks it before the queue-pass check, so a repeat of an answered payment gets its
   * first answer even after the paid order revoked the pass.
   */
  public static final String REPLAY = "payment.replay";
  /** {@code {userId, paymentId}} → the payment; 404 when it is not the user's. */
  public static final String GET = "payment.get";

  private PaymentAddresses() {
  }
}
