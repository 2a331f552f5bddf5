package io.ticketping.booking;

import java.time.Instant;
import java.util.List;

/**
/**
 * A show to create, already checked: every row of the layout belongs to exactly one grade; {@code ticketLimit} is
 * how many seats one account may hold or buy per schedule; {@code refundCutoffHours} how long before a schedule starts
 * its buyers may still refund; {@code organiserId} is the organiser it belongs to, null
 * when an admin creates it.
 */
record ShowDraft(String title, String venue, Instant saleOpensAt, List<Instant> schedules, int rows, int cols,
                 List<Grade> grades, int ticketLimit, int refundCutoffHours, Long organiserId) {

  record Grade(String grade, long price, List<Integer> rows) {
  }
}
