package io.ticketping.payment;

import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Taking a payment at most once per order, however often and with however many keys the client retries. The
 * client's Idempotency-Key claims a row first; whoever claims it does the work and stores the answer, every repeat
 * (even concurrent ones) gets that same answer, and a repeat with another request is refused. An order has at most
 * one payment that may hold money: an attempt under another key joins it instead of reaching the provider.
 *
 * <p>The claimed payment is checked against its order ({@link OrderCheck}) and charged ({@link Charging}); a charge
 * whose answer was lost stays pending until it is settled by asking the provider, which is idempotent by payment key,
 * so no path charges twice.
 */
final class Payments {

  private static final long WAIT_STEP_MS = 50;
  /** A repeat waits this many steps for the first request's answer before it is told "pending". */
  private static final int WAIT_STEPS = 60;

  private final Vertx vertx;
  private final PaymentRepository payments;
  private final OrderCheck orders;
  private final Charging charging;
  private final long inFlightMillis;

  Payments(Vertx vertx, PaymentRepository payments, OrderCheck orders, Charging charging, PaymentSettings settings) {
    this.vertx = vertx;
    this.payments = payments;
    this.orders = orders;
    this.charging = charging;
    this.inFlightMillis = settings.inFlightMillis();
  }

  /**
   * The answer for this key: {@code {paymentId, orderId, status, amount}} with status APPROVED, DECLINED or PENDING
   * (the outcome is not known yet), or a problem (as a failed future). {@code passShowId} is the show of the caller's
   * checked queue pass, which must be the order's.
   */
  Future<JsonObject> pay(long userId, String key, UUID orderId, long amount, String passShowId) {
    String hash = hash(orderId + ":" + amount);
    UUID paymentId = UUID.randomUUID();
    return payments.claim(paymentId, userId, key, hash, orderId, amount, showId(passShowId), inFlightMillis)
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
      return orders.payable(userId, orderId, amount, passShowId).compose(order -> Future.failedFuture(
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
      return payments.retry(existing.paymentId(), inFlightMillis)
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
    return orders.payable(userId, orderId, amount, passShowId).transform(checked -> checked.succeeded()
      ? charging.charge(paymentId, userId, checked.result(), amount)
      : charging.refused(paymentId, checked.cause()));
  }

  private static ProblemException keyReused() {
    return Problem.of(422, "idempotency-key-reused", "Idempotency key reused",
      "This Idempotency-Key was used for another request; use a new key for a new payment.").toException();
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
