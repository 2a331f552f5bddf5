package io.ticketping.shared.booking;

/**
 * Event-bus addresses of the payment service (request/reply, {@code JsonObject} bodies; failures carry the HTTP
 * status as code and a {@code Problem} as JSON message).
 */
public final class PaymentAddresses {

  /** {@code {userId, idempotencyKey, orderId, amount}} → {@code {paymentId, orderId, status, amount}}. */
  public static final String PAY = "payment.pay";
  /** {@code {userId, paymentId}} → the payment; 404 when it is not the user's. */
  public static final String GET = "payment.get";

  private PaymentAddresses() {
  }
}
