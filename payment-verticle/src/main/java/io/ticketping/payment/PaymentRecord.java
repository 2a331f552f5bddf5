package io.ticketping.payment;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code payments}: one payment attempt under one idempotency key, and the answer it gave. */
record PaymentRecord(UUID paymentId, long userId, String requestHash, UUID orderId, long amount, String status,
                     Integer answerStatus, JsonObject answer, Long showId, int checks, String refundReason,
                     Instant updatedAt) {

  /** Claimed; this service is asking the provider right now. */
  static final String PENDING = "PENDING";
  /** The confirm left for the provider and no answer came back: charged or not, only a look-up can tell. */
  static final String UNKNOWN = "UNKNOWN";
  static final String APPROVED = "APPROVED";
  static final String DECLINED = "DECLINED";
  /** The provider never took the confirm (it was not sent, or the provider says it does not know it): not charged. */
  static final String FAILED = "FAILED";
  /** Refused before the provider was asked (a 4xx problem), replayed to repeats. */
  static final String REJECTED = "REJECTED";
  /** Approved, then to be given back: the cancel is retried until the provider confirms it. */
  static final String REFUND_PENDING = "REFUND_PENDING";
  static final String REFUNDED = "REFUNDED";

  static final String COLUMNS = "id, user_id, request_hash, order_id, amount, status, answer_status, answer, show_id, "
    + "checks, refund_reason, updated_at";

  static PaymentRecord from(Row row) {
    Object answer = row.getValue("answer");
    return new PaymentRecord(row.getUUID("id"), row.getLong("user_id"), row.getString("request_hash"),
      row.getUUID("order_id"), row.getLong("amount"), row.getString("status"), row.getInteger("answer_status"),
      answer instanceof JsonObject json ? json : null, row.getLong("show_id"), row.getInteger("checks"),
      row.getString("refund_reason"), row.getOffsetDateTime("updated_at").toInstant());
  }

  /** True while the outcome is not settled: in flight here, or waiting for a look-up. */
  boolean unsettled() {
    return PaymentStates.UNSETTLED.contains(status);
  }

  /** The public view: an unsettled payment is PENDING, whether still in flight or waiting for a look-up. */
  JsonObject toJson() {
    return pending(paymentId, orderId, amount).put("status", unsettled() ? PENDING : status);
  }

  /** The answer while the outcome is not known yet (HTTP 202): the client asks again later, never pays again. */
  static JsonObject pending(UUID paymentId, UUID orderId, long amount) {
    return new JsonObject().put("paymentId", paymentId.toString()).put("orderId", orderId.toString())
      .put("status", PENDING).put("amount", amount);
  }
}
