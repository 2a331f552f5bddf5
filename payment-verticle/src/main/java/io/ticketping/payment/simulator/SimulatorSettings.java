package io.ticketping.payment.simulator;

import io.vertx.core.json.JsonObject;

/**
 * How the simulator behaves: its latency, decline rate and outage, and the faults of a provider that charges but
 * fails to say so ({@code answerDelayMs}, {@code dropAfterCharge}, {@code errorAfterCharge}) or refuses refunds for a
 * while ({@code refundOutage}).
 */
record SimulatorSettings(long latencyMs, double declineRate, boolean outage, long answerDelayMs,
                         boolean dropAfterCharge, boolean errorAfterCharge, boolean refundOutage) {

  /** A healthy provider answering at once. */
  static final SimulatorSettings HEALTHY = new SimulatorSettings(0, 0.0, false, 0, false, false, false);

  /**
   * These settings with those that {@code changes} names replaced (the others kept), as read from
   * {@code payment.simulator} at start and from each {@code POST /sim/config}. A value of the wrong type fails with a
   * {@link ClassCastException}.
   */
  SimulatorSettings with(JsonObject changes) {
    return new SimulatorSettings(
      changes.getLong("latencyMs", latencyMs),
      changes.getDouble("declineRate", declineRate),
      changes.getBoolean("outage", outage),
      changes.getLong("answerDelayMs", answerDelayMs),
      changes.getBoolean("dropAfterCharge", dropAfterCharge),
      changes.getBoolean("errorAfterCharge", errorAfterCharge),
      changes.getBoolean("refundOutage", refundOutage));
  }

  JsonObject toJson() {
    return new JsonObject().put("latencyMs", latencyMs).put("declineRate", declineRate).put("outage", outage)
      .put("answerDelayMs", answerDelayMs).put("dropAfterCharge", dropAfterCharge)
      .put("errorAfterCharge", errorAfterCharge).put("refundOutage", refundOutage);
  }
}
