package io.ticketping.booking;

import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;

/**
 * The seats of each schedule, read from PostgreSQL once per verticle instance: they never change after the show is
 * created, and every hold and seat-map read needs them. Confined to the instance's event loop.
 */
final class ScheduleCache {

  private final Catalogue catalogue;
  private final Map<Long, Future<ScheduleSeats>> schedules = new HashMap<>();

  ScheduleCache(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** The schedule's seats; a 404 problem when there is no such schedule. */
  Future<ScheduleSeats> get(long scheduleId) {
    Future<ScheduleSeats> cached = schedules.get(scheduleId);
    if (cached != null) {
      return cached;
    }
    Future<ScheduleSeats> loading = catalogue.scheduleSeats(scheduleId).map(found -> {
      if (found == null) {
        throw Problem.notFound("There is no schedule " + scheduleId + ".").toException();
      }
      return found;
    });
    schedules.put(scheduleId, loading);
    // Only a found schedule stays cached: a missing one may be created later, a failed read retried.
    loading.onFailure(e -> schedules.remove(scheduleId));
    return loading;
  }
}
