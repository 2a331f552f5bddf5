package io.ticketping.queue;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

/**
 * The answer of {@code seats.lua} to booking's count of a show's seats.
 *
 * @param applied false when the count was older than the one already recorded (nothing was written)
 * @param soldOut FOR_NOW or FOR_GOOD while no seat of the show is on sale, else {@code null}
 */
record SeatsRecorded(boolean applied, String soldOut) {

  /** Reads the {soldOut, applied (1|0)} reply. */
  static SeatsRecorded fromReply(Response r) {
    String soldOut = r.get(0).toString();
    return new SeatsRecorded(r.get(1).toLong() == 1, soldOut.isEmpty() ? null : soldOut);
  }

  /** {@code {applied, soldOut}}. */
  JsonObject toJson() {
    return new JsonObject().put("applied", applied).put("soldOut", soldOut);
  }
}
