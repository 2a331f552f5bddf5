package io.ticketping.payment;

import io.micrometer.core.instrument.Counter;
import io.ticketping.shared.observability.DomainMeters;
import io.ticketping.shared.observability.MetricNames;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;

/** The payment service's meters: attempts by result, look-ups that settled a payment, and what is still open. */
final class PaymentMeters {

  /** The statuses that wait for the provider's word. */
  static final List<String> OPEN = List.of(PaymentRecord.PENDING, PaymentRecord.UNKNOWN, PaymentRecord.REFUND_PENDING);

  private final DomainMeters meters;

  PaymentMeters(Vertx vertx) {
    this.meters = DomainMeters.of(vertx);
    // Registered now, so that "nothing needed settling" is a 0 rather than a missing series.
    List.of(PaymentRecord.APPROVED, PaymentRecord.DECLINED, PaymentRecord.FAILED, PaymentRecord.REFUNDED)
      .forEach(this::reconciledCounter);
  }

  /** One payment attempt's result (replays of a stored answer are not counted again). */
  void attempt(String result) {
    meters.counter(MetricNames.PAYMENTS, "Payment attempts by result: APPROVED, DECLINED, REJECTED, FAILED, UNKNOWN",
      "result", result).increment();
  }

  /** A payment the reconciler settled by asking the provider: APPROVED, DECLINED, FAILED or REFUNDED. */
  void reconciled(String result) {
    reconciledCounter(result).increment();
  }

  private Counter reconciledCounter(String result) {
    return meters.counter(MetricNames.PAYMENTS_RECONCILED,
      "Payments settled or refunded by asking the provider, by result", "result", result);
  }

  /** How many payments wait for the provider's word, by status, and how old the oldest of each is. */
  void open(Map<String, double[]> byStatus) {
    for (String status : OPEN) {
      double[] countAndAge = byStatus.getOrDefault(status, new double[] {0, 0});
      meters.gauge(MetricNames.PAYMENTS_UNSETTLED, "Payments waiting for the provider's word, by status",
        "status", status).set(countAndAge[0]);
      meters.gauge(MetricNames.PAYMENTS_UNSETTLED_OLDEST_AGE, "Age of the oldest payment waiting, by status",
        "status", status).set(countAndAge[1]);
    }
  }
}
