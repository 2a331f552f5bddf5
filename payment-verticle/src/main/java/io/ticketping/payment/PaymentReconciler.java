package io.ticketping.payment;

import io.ticketping.payment.provider.PaymentProvider;
import io.ticketping.payment.provider.PaymentProvider.Lookup;
import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.events.EventTypes;
import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.periodic.PeriodicPass;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Settles every payment whose outcome is not known by asking the provider, and takes every refund to the provider
 * until it is confirmed. It runs at start-up and then every {@code payment.reconcileMillis}, on every payment instance
 * at once: each pass leases the payments that are due (see {@link PaymentRepository#leaseDue}), so two instances never
 * ask about one payment at the same time, and each status change is conditional, so even if they did nothing would
 * happen twice.
 *
 * <ul>
 *   <li>The provider charged it: APPROVED with its PaymentApproved event, the same path as an answered confirm
 *       (booking sells the seats, or refuses a late approval and has it refunded).</li>
 *   <li>It declined it: DECLINED with its PaymentDeclined event.</li>
 *   <li>It does not know it, and a confirm still on its way could no longer arrive
 *       ({@code payment.notFoundGraceMs}): FAILED, the only point at which "nothing was charged" is said.</li>
 *   <li>No answer: asked again after a backoff, for as long as it takes.</li>
 * </ul>
 */
final class PaymentReconciler {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentReconciler.class);
  private static final int BATCH = 50;

  private final Vertx vertx;
  private final PaymentRepository payments;
  private final PaymentProvider provider;
  private final CircuitBreaker refundBreaker;
  private final PaymentSettings settings;
  private final PaymentMeters meters;
  private final PeriodicPass passes;

  PaymentReconciler(Vertx vertx, PaymentRepository payments, PaymentProvider provider, CircuitBreaker refundBreaker,
                    PaymentSettings settings, PaymentMeters meters) {
    this.vertx = vertx;
    this.payments = payments;
    this.provider = provider;
    this.refundBreaker = refundBreaker;
    this.settings = settings;
    this.meters = meters;
    this.passes = new PeriodicPass(vertx, "Payment reconciliation pass", this::pass);
  }

  /** Starts the passes: the first one now, so that what a crash left open is settled as soon as possible. */
  PaymentReconciler start() {
    passes.start(settings.reconcileMillis());
    return this;
  }

  void stop() {
    passes.stop();
  }

  /** One pass, then the open-payment gauges when metrics are on. */
  private Future<?> pass() {
    return passOnce()
      .compose(settled -> !MetricsSetup.active(vertx) ? Future.succeededFuture()
        : payments.openByStatus().map(open -> {
          meters.open(open);
          return null;
        }));
  }

  /** One pass over the payments that are due; how many it settled or refunded. */
  Future<Integer> passOnce() {
    return payments.leaseDue(BATCH, settings.reconcileBackoffMs(), settings.reconcileMaxBackoffMs())
      .compose(due -> {
        List<Future<Boolean>> done = due.stream().map(this::settle).toList();
        return Future.join(done).map(all -> (int) done.stream().filter(f -> f.succeeded() && f.result()).count());
      });
  }

  private Future<Boolean> settle(PaymentRecord payment) {
    Future<Boolean> settled = PaymentRecord.REFUND_PENDING.equals(payment.status())
      ? refund(payment)
      : provider.lookup(payment.paymentId().toString()).compose(lookup -> apply(payment, lookup));
    return settled.recover(e -> {
      LOG.info("Payment {} ({}): the provider could not tell yet, asking again later: {}", payment.paymentId(),
        payment.status(), e.toString());
      return Future.succeededFuture(false);
    });
  }

  private Future<Boolean> apply(PaymentRecord payment, Lookup lookup) {
    switch (lookup.state()) {
      case APPROVED, DECLINED -> {
        PaymentOutcome outcome = PaymentOutcome.of(payment.paymentId(), payment.userId(), payment.showId(),
          payment.orderId(), payment.amount(), lookup.state() == Lookup.State.APPROVED
            ? PaymentProvider.Outcome.approval()
            : PaymentProvider.Outcome.decline(lookup.code(), lookup.message()));
        return payments.settle(payment.paymentId(), outcome.status(), 200, outcome.answer(), outcome.event())
          .map(settled -> counted(settled, outcome.status(), payment));
      }
      case CANCELED -> {
        // Charged and cancelled at the provider by someone else: no money is held, so nothing was taken.
        LOG.warn("Payment {} was charged and cancelled at the provider; it ends FAILED", payment.paymentId());
        return payments.fail(payment.paymentId()).map(failed -> counted(failed, PaymentRecord.FAILED, payment));
      }
      default -> {
        if (Duration.between(payment.updatedAt(), Instant.now()).toMillis() < settings.notFoundGraceMs()) {
          return Future.succeededFuture(false); // a confirm on its way could still charge: ask again later
        }
        return payments.fail(payment.paymentId()).map(failed -> counted(failed, PaymentRecord.FAILED, payment));
      }
    }
  }

  /** Cancels the charge at the provider, through the refunds' own breaker; REFUNDED once the provider confirms. */
  private Future<Boolean> refund(PaymentRecord payment) {
    String reason = payment.refundReason() == null ? "Refund" : payment.refundReason();
    return refundBreaker.<Void>execute(() -> provider.cancel(payment.paymentId().toString(), reason))
      .compose(v -> payments.refunded(payment.paymentId(), DomainEvent.of(EventTypes.PAYMENT_REFUNDED,
        payment.orderId().toString(), new JsonObject().put("paymentId", payment.paymentId().toString())
          .put("orderId", payment.orderId().toString()).put("reason", reason))))
      .map(refunded -> counted(refunded, PaymentRecord.REFUNDED, payment));
  }

  private boolean counted(boolean changed, String result, PaymentRecord payment) {
    if (changed) {
      LOG.info("Payment {} settled by asking the provider: {} -> {}", payment.paymentId(), payment.status(), result);
      meters.reconciled(result);
    }
    return changed;
  }
}
