package io.ticketping.gateway.booking;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last seat map booking gave this instance for each recently asked schedule, answered instead (marked
 * {@code stale: true}) while booking or its Redis cannot answer: a buyer still sees the hall, if not its last
 * seconds. Bounded, least recently asked first out; confined to the instance's event loop.
 */
final class SeatMapCopies {

  private static final int MAX_SCHEDULES = 1000;

  private final Map<Long, JsonObject> copies = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, JsonObject> eldest) {
      return size() > MAX_SCHEDULES;
    }
  };

  void keep(long scheduleId, JsonObject map) {
    copies.put(scheduleId, map);
  }

  /** The last good map of the schedule marked stale, or {@code null} when there is none. */
  JsonObject stale(long scheduleId) {
    JsonObject copy = copies.get(scheduleId);
    return copy == null ? null : copy.copy().put("stale", true);
  }
}
