package io.ticketping.payment.simulator;

import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * The simulator's money: every payment key it decided, which of them hold a charge, and the live charges of each
 * order, so a test or a check can compare them with what the system believes it sold. Confined to the simulator's
 * event loop.
 */
final class Ledger {

  static final String DONE = "DONE";
  static final String CANCELED = "CANCELED";
  static final String ABORTED = "ABORTED";

  /** One payment key as the provider knows it; only {@code status} changes, and only from DONE to CANCELED. */
  static final class Payment {
    final String paymentKey;
    final String orderId;
    final long amount;
    private String status;

    private Payment(String paymentKey, String orderId, long amount, String status) {
      this.paymentKey = paymentKey;
      this.orderId = orderId;
      this.amount = amount;
      this.status = status;
    }

    String status() {
      return status;
    }

    /** Charged at some point (a cancelled payment was, an aborted one never). */
    boolean charged() {
      return !ABORTED.equals(status);
    }

    JsonObject toJson() {
      return new JsonObject().put("paymentKey", paymentKey).put("orderId", orderId).put("status", status)
        .put("totalAmount", amount);
    }
  }

  private final Map<String, Payment> byKey = new HashMap<>();
  private final Map<String, Payment> latestByOrder = new HashMap<>();
  private final Map<String, Integer> livePerOrder = new HashMap<>();
  private int charges;
  private int cancels;

  /**
   * The payment under {@code paymentKey}: the first confirm decides it ({@code approve} charges, otherwise it is
   * ABORTED) and every later confirm of that key finds it as it is, charging nothing more.
   */
  Payment confirm(String paymentKey, String orderId, long amount, boolean approve) {
    Payment existing = byKey.get(paymentKey);
    if (existing != null) {
      return existing;
    }
    Payment payment = new Payment(paymentKey, orderId, amount, approve ? DONE : ABORTED);
    byKey.put(paymentKey, payment);
    latestByOrder.put(orderId, payment);
    if (approve) {
      charges++;
      livePerOrder.merge(orderId, 1, Integer::sum);
    }
    return payment;
  }

  /** Refunds a charged payment in full (again is a no-op); null when {@code paymentKey} holds no charge to cancel. */
  Payment cancel(String paymentKey) {
    Payment payment = byKey.get(paymentKey);
    if (payment == null || !payment.charged()) {
      return null;
    }
    if (DONE.equals(payment.status)) {
      payment.status = CANCELED;
      cancels++;
      // Kept at 0 rather than removed: "charged and fully refunded" differs from "never charged".
      livePerOrder.merge(payment.orderId, -1, Integer::sum);
    }
    return payment;
  }

  Payment byKey(String paymentKey) {
    return byKey.get(paymentKey);
  }

  /** The payment most recently confirmed for {@code orderId} (several keys may carry one order), or null. */
  Payment latestOf(String orderId) {
    return latestByOrder.get(orderId);
  }

  int charges() {
    return charges;
  }

  int cancels() {
    return cancels;
  }

  /** Charges not cancelled, by order id, for every order charged at least once (0 once all were cancelled). */
  JsonObject liveChargesPerOrder() {
    return new JsonObject(new HashMap<>(livePerOrder));
  }
}
