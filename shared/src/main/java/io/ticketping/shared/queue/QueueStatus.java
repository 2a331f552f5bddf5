package io.ticketping.shared.queue;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

/**
 * One user's place in a show's queue, as answered by enter, status and positions.
 *
 * @param status        ADMITTED, WAITING, PREQUEUE, SOLD_OUT (in line, or refused on arrival, while no seat is on
 *                      sale), CLOSED (in line or pre-queued while the queue is closed, or refused on arrival by a
 *                      closed or draining queue) or NONE (not in line; only in batched look-ups)
 * @param position      1 = next to be admitted; 0 when admitted; {@code null} in the pre-queue, not in line, or
 *                      refused on arrival; a SOLD_OUT or CLOSED waiter keeps it
 * @param total         people waiting (in the pre-queue: people pre-queued)
 * @param etaSeconds    estimated wait; 0 when admitted; {@code null} when unknown or the queue is not admitting
 * @param passExpiresAt epoch ms when the queue pass ends; only when admitted
 * @param state         the queue's state: PREQUEUE, OPEN, PAUSED, DRAINING or CLOSED
 * @param opensAt       sale start in epoch ms; only in the pre-queue
 * @param soldOut       FOR_NOW (no seat available, some held: they may come back) or FOR_GOOD (every seat sold);
 *                      {@code null} while seats are on sale, and always for ADMITTED and NONE
 */
public record QueueStatus(String status, Long position, long total, Long etaSeconds, Long passExpiresAt,
                         String state, Long opensAt, String soldOut) {

  public static final String ADMITTED = "ADMITTED";
  public static final String WAITING = "WAITING";
  public static final String PREQUEUE = "PREQUEUE";
  public static final String SOLD_OUT = "SOLD_OUT";
  public static final String CLOSED = "CLOSED";
  public static final String NONE = "NONE";

  /**
   * Reads the {code, n, total, state, admittedLastMinute, admitPerMinute, opensAt, soldOut} reply of enter and
   * status.
   */
  public static QueueStatus fromReply(Response reply) {
    return of(reply.get(0).toString(), reply.get(1).toLong(), reply.get(2).toLong(), reply.get(3).toString(),
      reply.get(4).toLong(), reply.get(5).toLong(), reply.get(6).toLong(), reply.get(7).toString());
  }

  /**
   * The status for script code {@code code} with its number {@code n} (position, pass expiry, or 0). Scripts report
   * a waiter as WAITING whatever the queue's state; what a waiter is told follows from the state here, in one place
   * for the queue service and the gateways' copies of the line alike: a closed queue (or a sold-out show) keeps the
   * places but says so instead of an estimate that would never come true.
   */
  public static QueueStatus of(String code, long n, long total, String state, long admittedLastMinute,
                               long admitPerMinute, long opensAt, String soldOut) {
    String sold = soldOut == null || soldOut.isEmpty() ? null : soldOut;
    switch (code) {
      case ADMITTED:
        return new QueueStatus(code, 0L, total, 0L, n, state, null, null);
      case WAITING:
        if (CLOSED.equals(state)) {
          return new QueueStatus(CLOSED, n, total, null, null, state, null, sold);
        }
        if (sold != null) {
          return new QueueStatus(SOLD_OUT, n, total, null, null, state, null, sold);
        }
        // A queue that is not admitting has no meaningful wait estimate.
        Long eta = admitting(state, null) ? Eta.seconds(n, admittedLastMinute, admitPerMinute) : null;
        return new QueueStatus(code, n, total, eta, null, state, null, null);
      case PREQUEUE:
        if (CLOSED.equals(state)) {
          return new QueueStatus(CLOSED, null, total, null, null, state, null, sold);
        }
        return new QueueStatus(code, null, total, null, null, state, opensAt, sold);
      case SOLD_OUT:
      case CLOSED:
        // Refused on arrival: no place was given.
        return new QueueStatus(code, n > 0 ? n : null, total, null, null, state, null, sold);
      default:
        return new QueueStatus(NONE, null, total, null, null, state, null, null);
    }
  }

  /** Whether a queue in {@code state} admits people from its line (a sold-out show admits nobody). */
  public static boolean admitting(String state, String soldOut) {
    return ("OPEN".equals(state) || "DRAINING".equals(state)) && (soldOut == null || soldOut.isEmpty());
  }

  /** {@code {status, position, total, etaSeconds, state}} plus passExpiresAt / opensAt / soldOut where they apply. */
  public JsonObject toJson() {
    return toUserJson().put("state", state);
  }

  /** The per-user part only, for batched replies that carry the state once. */
  public JsonObject toUserJson() {
    JsonObject json = new JsonObject()
      .put("status", status)
      .put("position", position)
      .put("total", total)
      .put("etaSeconds", etaSeconds);
    if (passExpiresAt != null) {
      json.put("passExpiresAt", passExpiresAt);
    }
    if (opensAt != null) {
      json.put("opensAt", opensAt);
    }
    if (soldOut != null) {
      json.put("soldOut", soldOut);
    }
    return json;
  }
}
