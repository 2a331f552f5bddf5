package io.ticketping.payment;

import io.ticketping.payment.provider.PaymentProvider;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.UUID;

/**
 * One claimed payment taken to its outcome: charged through the provider's breaker and settled with the answer, or
 * settled without asking the provider when the order check refused it. When the confirm never left (breaker open,
 * connection refused) nothing was charged: FAILED, and the key may try again. When it left but no answer came back
 * (timeout, reset, 5xx) the outcome is UNKNOWN, answered as pending (202), and {@link PaymentReconciler} settles it by
 * asking the provider: a timeout is never taken for a refusal.
 */
final class Charging {

  private static final Logger LOG = LoggerFactory.getLogger(Charging.class);

  private final PaymentRepository payments;
  private final PaymentProvider provider;
  private final CircuitBreaker breaker;
  private final PaymentSettings settings;
  private final PaymentMeters meters;

  Charging(PaymentRepository payments, PaymentProvider provider, CircuitBreaker breaker, PaymentSettings settings,
           PaymentMeters meters) {
    this.payments = payments;
    this.provider = provider;
    this.breaker = breaker;
    this.settings = settings;
    this.meters = meters;
  }

  /** The provider was not asked: the payment fails (4xx replayed to repeats, anything else free to try again). */
  Future<JsonObject> refused(UUID paymentId, Throwable e) {
    if (OrderCheck.wrongPass(e)) {
      // The pass was wrong, not the payment: the key stays free for the same request with the right pass.
      return payments.fail(paymentId).transform(done -> Future.failedFuture(e));
    }
    if (e instanceof ProblemException problem && problem.problem().status() < 500) {
      Problem p = problem.problem();
      meters.attempt(PaymentRecord.REJECTED);
      return payments.settle(paymentId, PaymentRecord.REJECTED, p.status(), p.toJson(), null)
        .transform(done -> Future.failedFuture(problem));
    }
    return notCharged(paymentId, e);
  }

  /** Asks the provider to charge, and settles the payment with its answer; pending (202) when none came back. */
  Future<JsonObject> charge(UUID paymentId, long userId, JsonObject order, long amount) {
    UUID orderId = UUID.fromString(order.getString("orderId"));
    return breaker.<PaymentProvider.Outcome>execute(() -> provider.confirm(paymentId.toString(), orderId.toString(),
        amount))
      .transform(asked -> {
        if (asked.failed()) {
          return neverSent(asked.cause()) ? notCharged(paymentId, asked.cause())
            : unknown(paymentId, orderId, amount, asked.cause());
        }
        PaymentOutcome outcome = PaymentOutcome.of(paymentId, userId, order.getLong("showId"), orderId, amount,
          asked.result());
        return payments.settle(paymentId, outcome.status(), 200, outcome.answer(), outcome.event())
          .<JsonObject>map(settled -> {
            meters.attempt(outcome.status());
            return outcome.answer();
          })
          .recover(e -> {
            // The provider answered but the answer could not be stored: the reconciler asks again and settles it.
            LOG.warn("Payment {} was {} by the provider but could not be settled: {}", paymentId, outcome.status(),
              e.toString());
            meters.attempt(PaymentRecord.UNKNOWN);
            return Future.succeededFuture(PaymentRecord.pending(paymentId, orderId, amount));
          });
      });
  }

  /** The confirm left but no answer came back: UNKNOWN, answered as pending, settled later by a look-up. */
  private Future<JsonObject> unknown(UUID paymentId, UUID orderId, long amount, Throwable cause) {
    LOG.warn("Payment {}: no answer from the provider ({}); the outcome is unknown until it is looked up", paymentId,
      cause.toString());
    meters.attempt(PaymentRecord.UNKNOWN);
    return payments.unknown(paymentId, settings.reconcileBackoffMs())
      .otherwise(false)
      .map(v -> PaymentRecord.pending(paymentId, orderId, amount));
  }

  /** Nothing reached the provider (or booking could not check the order): FAILED, and the client may retry. */
  private Future<JsonObject> notCharged(UUID paymentId, Throwable cause) {
    meters.attempt(PaymentRecord.FAILED);
    return payments.fail(paymentId).transform(done -> Future.failedFuture(
      cause instanceof ProblemException || cause instanceof ReplyException ? cause : unavailable(cause)));
  }

  /** True when the confirm certainly never reached the provider: the breaker refused it, or no connection was made. */
  private static boolean neverSent(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OpenCircuitException || t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  private ProblemException unavailable(Throwable cause) {
    long retryAfter = cause instanceof OpenCircuitException ? Math.max(1, settings.breakerResetMs() / 1000) : 1;
    return new ProblemException(Problem.unavailable(
      "The payment provider is not answering; nothing was charged. Retry with the same Idempotency-Key."), retryAfter);
  }
}
