package io.ticketping.payment;

import io.ticketping.payment.provider.PaymentProvider;
import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.observability.DomainMeters;
import io.ticketping.shared.observability.MetricNames;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Taking a payment at most once per order, however often the client retries. The client's Idempotency-Key claims a
 * row first; whoever claims it does the work and stores the answer, every repeat (even concurrent ones) gets that same
 * answer, and a repeat with another request is refused. The provider is called through a circuit breaker with a
 * timeout; when it cannot answer, the row is left FAILED so the same key can try again (the provider is idempotent by
 * payment key, so a retry never charges twice).
 */
final class Payments {

  /** The caller's queue pass is for another show than the order's (the gateway checked the pass itself). */
  private static final Problem WRONG_SHOW = Problem.of(403, "queue-pass-other-show", "Queue pass for another show",
    "This queue pass is for another show.");
  private static final long WAIT_STEP_MS = 50;
  private static final int WAIT_STEPS = 200;

  private final Vertx vertx;
  private final PaymentRepository payments;
  private final PaymentProvider provider;
  private final CircuitBreaker breaker;
  private final long breakerResetMs;
  private final DomainMeters meters;

  Payments(Vertx vertx, PaymentRepository payments, PaymentProvider provider, CircuitBreaker breaker, long breakerResetMs) {
    this.vertx = vertx;
    this.payments = payments;
    this.provider = provider;
    this.breaker = breaker;
    this.breakerResetMs = breakerResetMs;
    this.meters = DomainMeters.of(vertx);
  }

  /**
   * The answer for this key: {@code {paymentId, orderId, status, amount}}, or a problem (as a failed future).
   * {@code passShowId} is the show of the caller's checked queue pass, which must be the order's.
   */
  Future<JsonObject> pay(long userId, String key, UUID orderId, long amount, String passShowId) {
    String hash = hash(orderId + ":" + amount);
    UUID paymentId = UUID.randomUUID();
    return payments.claim(paymentId, userId, key, hash, orderId, amount).compose(claimed -> claimed
      ? process(paymentId, userId, orderId, amount, passShowId)
      : payments.byKey(userId, key).compose(existing -> existing == null
        ? heldByAnotherKey(userId, orderId, amount, passShowId)
        : replay(existing, userId, key, hash, passShowId, 0)));
  }

  /**
   * The order already has a payment under another key: a 409 for its owner, but the order's own problem (404 when it
   * is someone else's) first, so nobody learns of another user's order.
   */
  private Future<JsonObject> heldByAnotherKey(long userId, UUID orderId, long amount, String passShowId) {
    return checkOrder(userId, orderId, amount, passShowId).compose(order -> Future.failedFuture(
      Problem.conflict("This order already has a payment in progress or approved.").toException()));
  }

  /**
   * The stored answer for a key that has one, without charging or claiming anything: {@code {replayed: true, answer}},
   * a failed future with the stored problem (or 422 when the key was used for another request), or
   * {@code {replayed: false}} when the key is unknown or its last attempt failed (a new attempt, which must go through
   * {@link #pay}). A first request still at work is waited for, as {@link #pay} would.
   */
  Future<JsonObject> replayOnly(long userId, String key, UUID orderId, long amount) {
    String hash = hash(orderId + ":" + amount);
    return payments.byKey(userId, key).compose(existing -> stored(existing, userId, key, hash, 0));
  }

  private Future<JsonObject> stored(PaymentRecord existing, long userId, String key, String hash, int waited) {
    if (existing == null || PaymentRecord.FAILED.equals(existing.status())) {
      return Future.succeededFuture(new JsonObject().put("replayed", false));
    }
    if (!existing.requestHash().equals(hash)) {
      return Future.failedFuture(keyReused());
    }
    if (PaymentRecord.PENDING.equals(existing.status())) {
      return waited >= WAIT_STEPS
        ? Future.succeededFuture(new JsonObject().put("replayed", false))
        : later(WAIT_STEP_MS).compose(v -> payments.byKey(userId, key))
          .compose(again -> stored(again, userId, key, hash, waited + 1));
    }
    return answer(existing.answerStatus(), existing.answer())
      .map(body -> new JsonObject().put("replayed", true).put("answer", body));
  }

  Future<JsonObject> get(long userId, UUID paymentId) {
    return payments.byId(paymentId).map(payment -> {
      if (payment == null || payment.userId() != userId) {
        throw Problem.notFound("You have no payment " + paymentId + ".").toException();
      }
      return payment.toJson();
    });
  }

  private Future<JsonObject> replay(PaymentRecord existing, long userId, String key, String hash, String passShowId,
                                    int waited) {
    if (existing == null) {
      return Future.failedFuture(Problem.conflict("This order already has a payment in progress or approved.")
        .toException());
    }
    if (!existing.requestHash().equals(hash)) {
      return Future.failedFuture(keyReused());
    }
    switch (existing.status()) {
      case PaymentRecord.PENDING:
        // The first request with this key is still at work: wait for its answer rather than charging again.
        if (waited >= WAIT_STEPS) {
          return Future.failedFuture(Problem.conflict("A payment with this key is still in progress; retry shortly.")
            .toException());
        }
        return later(WAIT_STEP_MS).compose(v -> payments.byKey(userId, key))
          .compose(again -> replay(again, userId, key, hash, passShowId, waited + 1));
      case PaymentRecord.FAILED:
        return payments.retry(existing.paymentId()).compose(mine -> mine
          ? process(existing.paymentId(), userId, existing.orderId(), existing.amount(), passShowId)
          : payments.byKey(userId, key).compose(again -> replay(again, userId, key, hash, passShowId, waited + 1)));
      default:
        return answer(existing.answerStatus(), existing.answer());
    }
  }

  private Future<JsonObject> process(UUID paymentId, long userId, UUID orderId, long amount, String passShowId) {
    return checkOrder(userId, orderId, amount, passShowId)
      .compose(order -> breaker.<PaymentProvider.Outcome>execute(() ->
          provider.confirm(paymentId.toString(), orderId.toString(), amount))
        .recover(e -> Future.failedFuture(unavailable(e)))
        .compose(outcome -> settle(paymentId, userId, order, amount, outcome)))
      .onSuccess(answer -> count(answer.getString("status")))
      .recover(e -> {
        if (e instanceof ProblemException problem && WRONG_SHOW.type().equals(problem.problem().type())) {
          // The pass was wrong, not the payment: the key stays free for the same request with the right pass.
          return payments.fail(paymentId).<JsonObject>transform(done -> Future.failedFuture(e));
        }
        // A refusal (4xx) is final and replayed to repeats; anything else leaves the key free to try again.
        return e instanceof ProblemException problem && problem.problem().status() < 500
          ? rejectWith(paymentId, problem).onFailure(x -> count(PaymentRecord.REJECTED))
          : payments.fail(paymentId).eventually(() -> {
            count(PaymentRecord.FAILED);
            return Future.succeededFuture();
          }).compose(v -> Future.failedFuture(e));
      });
  }

  /** One payment attempt's result (replays of a stored answer are not counted again). */
  private void count(String result) {
    meters.counter(MetricNames.PAYMENTS, "Payment attempts by result: APPROVED, DECLINED, REJECTED, FAILED",
      "result", result).increment();
  }

  /**
   * The order as booking sees it, if the caller's pass is for its show and it can be paid now with this amount;
   * otherwise a 404 (not theirs), 403 (another show's pass), 409 or 422 problem.
   */
  private Future<JsonObject> checkOrder(long userId, UUID orderId, long amount, String passShowId) {
    return vertx.eventBus().<JsonObject>request(BookingAddresses.GET_ORDER,
        new JsonObject().put("userId", userId).put("orderId", orderId.toString()),
        new DeliveryOptions().setSendTimeout(3000))
      .recover(e -> Future.failedFuture(e instanceof ReplyException reply
        ? Problem.fromReply(reply).toException() : e))
      .map(reply -> {
        JsonObject order = reply.body();
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

  private Future<JsonObject> settle(UUID paymentId, long userId, JsonObject order, long amount,
                                    PaymentProvider.Outcome outcome) {
    String status = outcome.approved() ? PaymentRecord.APPROVED : PaymentRecord.DECLINED;
    JsonObject answer = new JsonObject().put("paymentId", paymentId.toString())
      .put("orderId", order.getString("orderId")).put("status", status).put("amount", amount);
    if (!outcome.approved()) {
      answer.put("declineCode", outcome.code()).put("declineMessage", outcome.message());
    }
    DomainEvent event = DomainEvent.of(outcome.approved() ? "PaymentApproved" : "PaymentDeclined",
      order.getString("orderId"), new JsonObject().put("paymentId", paymentId.toString())
        .put("orderId", order.getString("orderId")).put("userId", userId).put("amount", amount)
        .put("showId", String.valueOf(order.getLong("showId"))));
    return payments.settle(paymentId, status, 200, answer, event).map(answer);
  }

  private Future<JsonObject> rejectWith(UUID paymentId, ProblemException problem) {
    Problem p = problem.problem();
    return payments.settle(paymentId, PaymentRecord.REJECTED, p.status(), p.toJson(), null)
      .compose(v -> Future.failedFuture(problem));
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

  private Future<Void> later(long millis) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, id -> promise.complete());
    return promise.future();
  }

  private static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
