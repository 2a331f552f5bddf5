package io.ticketping.shared.events;

import io.vertx.core.json.JsonObject;

/**
 * How a consumer retries an event that failed: exponential backoff from {@code backoffMillis} up to
 * {@code maxBackoffMillis}, and a poison event parked after {@code maxAttempts} (at least one). Transient failures of
 * the infrastructure are retried whatever the count ({@link EventDelivery}).
 */
record RetryPolicy(long backoffMillis, long maxBackoffMillis, int maxAttempts) {

  RetryPolicy {
    maxAttempts = Math.max(1, maxAttempts);
  }

  /** From the {@code kafka} settings: consumerRetryBackoffMs, consumerMaxBackoffMs, consumerMaxAttempts. */
  static RetryPolicy of(JsonObject kafka) {
    return new RetryPolicy(kafka.getInteger("consumerRetryBackoffMs"), kafka.getInteger("consumerMaxBackoffMs"),
      kafka.getInteger("consumerMaxAttempts"));
  }

  /** The wait before the retry after the {@code attempt}-th failure (1-based), doubling up to the cap. */
  long backoff(int attempt) {
    long delay = backoffMillis << Math.min(attempt - 1, 30);
    return Math.min(delay <= 0 ? maxBackoffMillis : delay, maxBackoffMillis);
  }
}
