package io.ticketping.booking;

import java.util.List;
import java.util.Map;

/** A schedule, the show it belongs to, and its seats by id (in row, column order). Never changes once created. */
public record ScheduleSeats(long scheduleId, long showId, Map<Long, SeatInfo> seats) {

  /** The requested ids that are not seats of this schedule. */
  List<Long> unknown(List<Long> seatIds) {
    return seatIds.stream().filter(id -> !seats.containsKey(id)).toList();
  }

  long priceOf(List<Long> seatIds) {
    return seatIds.stream().mapToLong(id -> seats.get(id).price()).sum();
  }
}
