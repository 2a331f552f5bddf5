package io.ticketping.payment;

import io.ticketping.payment.provider.PaymentProvider;
import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Taking a payment at most once per order, however often and with however many keys the client retries. The
 * client's Idempotency-Key claims a row first; whoever claims it does the work and stores the answer, every repeat
 * (even concurrent ones) gets that same answer, and a repeat with another request is refused. An order has at most
 * one payment that may hold money: an attempt under another key joins it instead of reaching the provider.
 *
 * <p>The provider is called through a circuit breaker with a timeout. When the confirm never left (breaker open,
 * connection refused) nothing was charged and the key may try again. When it left but no answer came back (timeout,
 * reset, 5xx), the outcome is UNKNOWN: the client is told it is pending (202), and {@link PaymentReconciler} settles it
 * by asking the provider. The provider is idempotent by payment key, so no path charges twice.
 */
final class Payments {

  private static final Logger LOG = LoggerFactory.getLogger(Payments.class);
  /** The caller's queue pass is for another show than the order's (the gateway checked the pass itself). */
  private static final Problem WRONG_SHOW = Problem.of(403, "queue-pass-other-show", "Queue pass for another show",
    "This queue pass is for another show.");
  private static final long WAIT_STEP_MS = 50;
  /** A repeat waits this many steps for the first request's answer before it is told "pending". */
  private static final int WAIT_STEPS = 60;

  private final Vertx vertx;
  private final ServiceCalls booking;
  private final PaymentRepository payments;
  private final PaymentProvider provider;
  private final CircuitBreaker breaker;
  private final long breakerResetMs;
  private final PaymentSettings settings;
  private final PaymentMeters meters;

  /** {@code booking}: the calls to the booking service (the order check), behind their own breaker. */
  Payments(Vertx vertx, ServiceCalls booking, PaymentRepository payments, PaymentProvider provider,
           CircuitBreaker breaker, PaymentSettings settings, PaymentMeters meters) {
    this.vertx = vertx;
    this.booking = booking;
    this.payments = payments;
    this.provider = provider;
    this.breaker = breaker;
    this.breakerResetMs = settings.breakerResetMs();
    this.settings = settings;
    this.meters = meters;
  }

  /**
   * The answer for this key: {@code {paymentId, orderId, status, amount}} with status APPROVED, DECLINED or PENDING
   * (the outcome is not known yet), or a problem (as a failed future). {@code passShowId} is the show of the caller's
   * checked queue pass, which must be the order's.
   */
  Future<JsonObject> pay(long userId, String key, UUID orderId, long amount, String passShowId) {
    String hash = hash(orderId + ":" + amount);
    UUID paymentId = UUID.randomUUID();
    return payments.claim(paymentId, userId, key, hash, orderId, amount, showId(passShowId), settings.inFlightMillis())
      .compose(claimed -> claimed
        ? process(paymentId, userId, orderId, amount, passShowId)
        : payments.byKey(userId, key).compose(existing -> existing == null
          ? joinLive(userId, orderId, amount, passShowId)
          : replay(existing, userId, key, hash, passShowId)));
  }

  /**
   * The order already has a payment that may hold money, under another key. While its outcome is not known, its
   * owner is answered with it (pending) and nothing reaches the provider; once approved (or being refunded) the
   * order is not payable: 409. Anyone else gets the order's own problem first (404 when it is not theirs).
   */
  private Future<JsonObject> joinLive(long userId, UUID orderId, long amount, String passShowId) {
    return payments.liveOf(orderId).compose(live -> {
      if (live != null && live.userId() == userId && live.unsettled()) {
        return Future.succeededFuture(PaymentRecord.pending(live.paymentId(), live.orderId(), live.amount()));
      }
      return checkOrder(userId, orderId, amount, passShowId).compose(order -> Future.failedFuture(
        Problem.conflict(live == null
          ? "This order's payment changed while this request was made; retry."
          : "This order already has an approved payment.").toException()));
    });
  }

  /**
   * The stored answer for a key that has one, without charging or claiming anything: {@code {replayed: true, answer}},
   * a failed future with the stored problem (or 422 when the key was used for another request), or
   * {@code {replayed: false}} when the key is unknown or its last attempt failed (a new attempt, which must go through
   * {@link #pay}). A first request still at work is waited for, as {@link #pay} would.
   */
  Future<JsonObject> replayOnly(long userId, String key, UUID orderId, long amount) {
    String hash = hash(orderId + ":" + amount);
    return payments.byKey(userId, key).compose(existing -> awaitSettled(existing, userId, key, 0))
      .compose(existing -> {
        if (existing == null || PaymentRecord.FAILED.equals(existing.status())) {
          return Future.succeededFuture(new JsonObject().put("replayed", false));
        }
        if (!existing.requestHash().equals(hash)) {
          return Future.failedFuture(keyReused());
        }
        return stored(existing).map(body -> new JsonObject().put("replayed", true).put("answer", body));
      });
  }

  Future<JsonObject> get(long userId, UUID paymentId) {
    return payments.byId(paymentId).map(payment -> {
      if (payment == null || payment.userId() != userId) {
        throw Problem.notFound("You have no payment " + paymentId + ".").toException();
      }
      return payment.toJson();
    });
  }

  private Future<JsonObject> replay(PaymentRecord first, long userId, String key, String hash, String passShowId) {
    if (!first.requestHash().equals(hash)) {
      return Future.failedFuture(keyReused());
    }
    return awaitSettled(first, userId, key, 0).compose(existing -> {
      if (!PaymentRecord.FAILED.equals(existing.status())) {
        return stored(existing);
      }
      // Not charged last time: try again under the same payment key (the provider would not charge it twice anyway).
      return payments.retry(existing.paymentId(), settings.inFlightMillis())
        .recover(e -> isUniqueViolation(e) ? Future.succeededFuture(false) : Future.failedFuture(e))
        .compose(mine -> mine
          ? process(existing.paymentId(), userId, existing.orderId(), existing.amount(), passShowId)
          : payments.byKey(userId, key).compose(again -> PaymentRecord.FAILED.equals(again.status())
            ? joinLive(userId, existing.orderId(), existing.amount(), passShowId)
            : replay(again, userId, key, hash, passShowId)));
    });
  }

  /** What a repeat is told of a payment that is not FAILED: pending while unsettled, else its stored answer. */
  private static Future<JsonObject> stored(PaymentRecord existing) {
    return existing.unsettled()
      ? Future.succeededFuture(PaymentRecord.pending(existing.paymentId(), existing.orderId(), existing.amount()))
      : answer(existing.answerStatus(), existing.answer());
  }

  /** The key's payment once the request that holds it has settled it, or as it is after a short wait. */
  private Future<PaymentRecord> awaitSettled(PaymentRecord payment, long userId, String key, int waited) {
    if (payment == null || !PaymentRecord.PENDING.equals(payment.status()) || waited >= WAIT_STEPS) {
      return Future.succeededFuture(payment);
    }
    return vertx.timer(WAIT_STEP_MS).compose(v -> payments.byKey(userId, key))
      .compose(again -> awaitSettled(again, userId, key, waited + 1));
  }

  private Future<JsonObject> process(UUID paymentId, long userId, UUID orderId, long amount, String passShowId) {
    return checkOrder(userId, orderId, amount, passShowId).transform(checked -> checked.succeeded()
      ? charge(paymentId, userId, checked.result(), amount)
      : refused(paymentId, checked.cause()));
  }

  /** The provider was not asked: the payment fails (4xx replayed to repeats, anything else free to try again). */
  private Future<JsonObject> refused(UUID paymentId, Throwable e) {
    if (e instanceof ProblemException problem && WRONG_SHOW.type().equals(problem.problem().type())) {
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
  private Future<JsonObject> charge(UUID paymentId, long userId, JsonObject order, long amount) {
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

  /**
   * The order as booking sees it, if the caller's pass is for its show and it can be paid now with this amount;
   * otherwise a 404 (not theirs), 403 (another show's pass), 409 or 422 problem.
   */
  private Future<JsonObject> checkOrder(long userId, UUID orderId, long amount, String passShowId) {
    return booking.request(BookingAddresses.GET_ORDER,
        new JsonObject().put("userId", userId).put("orderId", orderId.toString()))
      .recover(e -> Future.failedFuture(e instanceof ReplyException reply
        ? Problem.fromReply(reply).toException() : e))
      .map(order -> {
        if (!String.valueOf(order.getLong("showId")).equals(passShowId)) {
          throw WRONG_SHOW.toException();
        }
        if (!"PENDING_PAYMENT".equals(order.getString("status"))) {
          throw Problem.conflict("Order " + orderId + " is " + order.getString("status") + ", not awaiting payment.")
            .toException();
        }
        if (Instant.parse(order.getString("holdExpiresAt")).isBefore(Instant.now())) {
          throw Problem.conflict("The hold on order " + orderId + " has expired; hold the seats again.").toException();
        }
        if (order.getLong("amount") != amount) {
          throw Problem.of(422, "amount-mismatch", "Amount mismatch", "The order's amount is "
            + order.getLong("amount") + ", not " + amount + ".").with("orderAmount", order.getLong("amount")).toException();
        }
        return order;
      });
  }

  private static ProblemException keyReused() {
    return Problem.of(422, "idempotency-key-reused", "Idempotency key reused",
      "This Idempotency-Key was used for another request; use a new key for a new payment.").toException();
  }

  private ProblemException unavailable(Throwable cause) {
    long retryAfter = cause instanceof OpenCircuitException ? Math.max(1, breakerResetMs / 1000) : 1;
    return new ProblemException(Problem.unavailable(
      "The payment provider is not answering; nothing was charged. Retry with the same Idempotency-Key."), retryAfter);
  }

  private static Future<JsonObject> answer(Integer status, JsonObject body) {
    if (status == null || status == 200) {
      return Future.succeededFuture(body);
    }
    return Future.failedFuture(Problem.fromJson(body).toException());
  }

  private static boolean isUniqueViolation(Throwable e) {
    return e instanceof PgException pg && "23505".equals(pg.getSqlState());
  }

  private static Long showId(String passShowId) {
    try {
      return Long.parseLong(passShowId);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
