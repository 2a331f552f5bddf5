package io.ticketping.queue;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

/**
 * A show's queue settings and sizes, as answered by stats, configure, pause, resume, close and drain.
 *
 * @param seatsAvailable seats on sale over every schedule of the show, as booking last counted them; {@code null}
 *                       until it has
 * @param seatsHeld      seats held for pending orders, likewise
 * @param soldOut        FOR_NOW or FOR_GOOD while no seat is on sale, else {@code null}
 */
public record QueueStats(String showId, String state, long waiting, long working, long preQueued, int capacity,
                         int admitPerMinute, int passTtlSeconds, int idleTimeoutSeconds, long opensAt,
                         long admittedTotal, long admittedLastMinute, Long seatsAvailable, Long seatsHeld,
                         String soldOut) {

  /** Reads the reply of {@code stats.lua}. */
  static QueueStats fromReply(String showId, Response r) {
    String soldOut = r.get(13).toString();
    return new QueueStats(showId, r.get(0).toString(), r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong(),
      r.get(4).toInteger(), r.get(5).toInteger(), r.get(6).toInteger(), r.get(7).toInteger(), r.get(8).toLong(),
      r.get(9).toLong(), r.get(10).toLong(), counted(r.get(11).toLong()), counted(r.get(12).toLong()),
      soldOut.isEmpty() ? null : soldOut);
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
      .put("opensAt", opensAt)
      .put("seatsAvailable", seatsAvailable)
      .put("seatsHeld", seatsHeld)
      .put("soldOut", soldOut);
  }

  /** The script answers -1 for a count booking has not sent yet. */
  private static Long counted(long value) {
    return value < 0 ? null : value;
  }
}
