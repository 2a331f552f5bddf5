package io.ticketping.queue;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

/** A show's queue settings and sizes, as answered by stats, configure, pause and resume. */
public record QueueStats(String showId, String state, long waiting, long working, long preQueued, int capacity,
                         int admitPerMinute, int passTtlSeconds, int idleTimeoutSeconds, long opensAt,
                         long admittedTotal, long admittedLastMinute) {

  /** Reads the reply of {@code stats.lua}. */
  static QueueStats fromReply(String showId, Response r) {
    return new QueueStats(showId, r.get(0).toString(), r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong(),
      r.get(4).toInteger(), r.get(5).toInteger(), r.get(6).toInteger(), r.get(7).toInteger(), r.get(8).toLong(),
      r.get(9).toLong(), r.get(10).toLong());
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("showId", showId)
      .put("state", state)
      .put("waiting", waiting)
      .put("working", working)
      .put("preQueued", preQueued)
      .put("capacity", capacity)
      .put("admitPerMinute", admitPerMinute)
      .put("admittedLastMinute", admittedLastMinute)
      .put("admittedTotal", admittedTotal)
      .put("passTtlSeconds", passTtlSeconds)
      .put("idleTimeoutSeconds", idleTimeoutSeconds)
      .put("opensAt", opensAt);
  }
}
