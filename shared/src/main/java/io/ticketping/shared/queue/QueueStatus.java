package io.ticketping.shared.queue;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

/**
 * One user's place in a show's queue, as answered by enter, status and positions.
 *
 * @param status        ADMITTED, WAITING, PREQUEUE or NONE (not in line; only in batched look-ups)
 * @param position      1 = next to be admitted; 0 when admitted; {@code null} in the pre-queue or not in line
 * @param total         people waiting (in the pre-queue: people pre-queued)
 * @param etaSeconds    estimated wait; 0 when admitted; {@code null} when unknown or the queue is not moving
 * @param passExpiresAt epoch ms when the queue pass ends; only when admitted
 * @param state         the queue's state: PREQUEUE, OPEN, PAUSED or CLOSED
 * @param opensAt       sale start in epoch ms; only in the pre-queue
 */
public record QueueStatus(String status, Long position, long total, Long etaSeconds, Long passExpiresAt,
                         String state, Long opensAt) {

  public static final String ADMITTED = "ADMITTED";
  public static final String WAITING = "WAITING";
  public static final String PREQUEUE = "PREQUEUE";
  public static final String NONE = "NONE";

  /** Reads the {code, n, total, state, admittedLastMinute, admitPerMinute, opensAt} reply of enter and status. */
  public static QueueStatus fromReply(Response reply) {
    return of(reply.get(0).toString(), reply.get(1).toLong(), reply.get(2).toLong(), reply.get(3).toString(),
      reply.get(4).toLong(), reply.get(5).toLong(), reply.get(6).toLong());
  }

  /** The status for script code {@code code} with its number {@code n} (position or pass expiry). */
  public static QueueStatus of(String code, long n, long total, String state, long admittedLastMinute,
                        long admitPerMinute, long opensAt) {
    switch (code) {
      case ADMITTED:
        return new QueueStatus(code, 0L, total, 0L, n, state, null);
      case WAITING:
        // A queue that is not admitting has no meaningful wait estimate.
        Long eta = "OPEN".equals(state) ? Eta.seconds(n, admittedLastMinute, admitPerMinute) : null;
        return new QueueStatus(code, n, total, eta, null, state, null);
      case PREQUEUE:
        return new QueueStatus(code, null, total, null, null, state, opensAt);
      default:
        return new QueueStatus(NONE, null, total, null, null, state, null);
    }
  }

  /** {@code {status, position, total, etaSeconds, state}} plus passExpiresAt / opensAt where they apply. */
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
    return json;
  }
}
