package io.ticketping.payment;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.util.UUID;

/** A row of {@code payments}: one payment attempt under one idempotency key, and the answer it gave. */
record PaymentRecord(UUID paymentId, long userId, String requestHash, UUID orderId, long amount, String status,
                     Integer answerStatus, JsonObject answer) {

  static final String PENDING = "PENDING";
  static final String APPROVED = "APPROVED";
  static final String DECLINED = "DECLINED";
  static final String FAILED = "FAILED";
  static final String REJECTED = "REJECTED";
  static final String REFUNDED = "REFUNDED";

  static PaymentRecord from(Row row) {
    Object answer = row.getValue("answer");
    return new PaymentRecord(row.getUUID("id"), row.getLong("user_id"), row.getString("request_hash"),
      row.getUUID("order_id"), row.getLong("amount"), row.getString("status"), row.getInteger("answer_status"),
      answer instanceof JsonObject json ? json : null);
  }

  /** The public view of a settled payment. */
  JsonObject toJson() {
    return new JsonObject().put("paymentId", paymentId.toString()).put("orderId", orderId.toString())
      .put("status", status).put("amount", amount);
  }
}
