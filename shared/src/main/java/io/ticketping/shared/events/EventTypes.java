package io.ticketping.shared.events;

/** The {@code type} of every durable event, named once for the services that publish and consume it. */
public final class EventTypes {

  /** On {@link Topics#PAYMENT_EVENTS}: the provider charged the order's payment. */
  public static final String PAYMENT_APPROVED = "PaymentApproved";
  /** On {@link Topics#PAYMENT_EVENTS}: the provider refused the charge; the order stays payable until its hold ends. */
  public static final String PAYMENT_DECLINED = "PaymentDeclined";
  /** On {@link Topics#PAYMENT_EVENTS}: the provider confirmed the cancel of a charge. */
  public static final String PAYMENT_REFUNDED = "PaymentRefunded";

  /** On {@link Topics#ORDER_EVENTS}: seats held for a new order. */
  public static final String ORDER_CREATED = "OrderCreated";
  /** On {@link Topics#ORDER_EVENTS}: the order is paid and its seats sold. */
  public static final String ORDER_PAID = "OrderPaid";
  public static final String ORDER_EXPIRED = "OrderExpired";
  public static final String ORDER_CANCELLED = "OrderCancelled";
  /** On {@link Topics#ORDER_EVENTS}: an approval arrived for an order that could no longer take it; refund it. */
  public static final String ORDER_PAYMENT_REFUSED = "OrderPaymentRefused";
  /** On {@link Topics#ORDER_EVENTS}: a paid order is to be refunded (by its buyer or an admin); give the money back. */
  public static final String ORDER_REFUND_REQUESTED = "OrderRefundRequested";
  /** On {@link Topics#ORDER_EVENTS}: the money of a refunded order is back and its seats are on sale again. */
  public static final String REFUND_COMPLETED = "RefundCompleted";

  private EventTypes() {
  }
}
