package io.ticketping.booking;

import io.ticketping.shared.bus.RequestFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a create-show request into a {@link ShowDraft}, refusing with a 400 problem that names the field whatever the
 * gateway's schema may have let through: the layout must give every row exactly one grade.
 */
final class ShowDrafts {

  /** Buyers may refund until a day before their schedule starts, unless the show says otherwise. */
  static final int DEFAULT_REFUND_CUTOFF_HOURS = 24;
  private static final int MAX_REFUND_CUTOFF_HOURS = 8760;

  static final int MAX_ROWS = 100;
  static final int MAX_COLS = 100;

  private ShowDrafts() {
  }

  static ShowDraft read(JsonObject body) {
    String title = text(body, "title", 200);
    String venue = text(body, "venue", 200);
    Instant saleOpensAt = instant(body.getValue("saleOpensAt"), "saleOpensAt");
    if (!(body.getValue("schedules") instanceof JsonArray schedules) || schedules.isEmpty() || schedules.size() > 20) {
      throw RequestFields.invalid("schedules", "'schedules' must list 1 to 20 schedules as {startsAt}.");
    }
    List<Instant> startTimes = new ArrayList<>();
    for (Object schedule : schedules) {
      Object startsAt = schedule instanceof JsonObject json ? json.getValue("startsAt") : null;
      startTimes.add(instant(startsAt, "schedules.startsAt"));
    }
    if (!(body.getValue("layout") instanceof JsonObject layout)) {
      throw RequestFields.invalid("layout", "'layout' must be an object {rows, cols, grades}.");
    }
    int rows = bounded(layout.getValue("rows"), "layout.rows", 1, MAX_ROWS);
    int cols = bounded(layout.getValue("cols"), "layout.cols", 1, MAX_COLS);
    int ticketLimit = body.getValue("ticketLimit") == null ? TicketLimit.DEFAULT
      : bounded(body.getValue("ticketLimit"), "ticketLimit", 1, TicketLimit.MAX);
    int refundCutoffHours = body.getValue("refundCutoffHours") == null ? DEFAULT_REFUND_CUTOFF_HOURS
      : bounded(body.getValue("refundCutoffHours"), "refundCutoffHours", 0, MAX_REFUND_CUTOFF_HOURS);
    // The gateway sets it from the caller's token, never from the client's body (the schema refuses it there).
    Long organiserId = body.getValue("organiserId") == null ? null : RequestFields.positiveLong(body, "organiserId");
    return new ShowDraft(title, venue, saleOpensAt, startTimes, rows, cols, grades(layout.getValue("grades"), rows),
      ticketLimit, refundCutoffHours, organiserId);
  }

  private static List<ShowDraft.Grade> grades(Object value, int rows) {
    if (!(value instanceof JsonArray grades) || grades.isEmpty() || grades.size() > 10) {
      throw RequestFields.invalid("layout.grades", "'layout.grades' must list 1 to 10 grades.");
    }
    Set<Integer> covered = new HashSet<>();
    Set<String> names = new HashSet<>();
    List<ShowDraft.Grade> result = new ArrayList<>();
    for (Object entry : grades) {
      if (!(entry instanceof JsonObject grade)) {
        throw RequestFields.invalid("layout.grades", "'layout.grades' must hold objects {grade, price, rows}.");
      }
      String name = text(grade, "grade", 20, "layout.grades.grade");
      if (!names.add(name)) {
        throw RequestFields.invalid("layout.grades.grade", "'layout.grades.grade' lists '" + name + "' twice.");
      }
      long price = bounded(grade.getValue("price"), "layout.grades.price", 0, 100_000_000);
      if (!(grade.getValue("rows") instanceof JsonArray gradeRows) || gradeRows.isEmpty()) {
        throw RequestFields.invalid("layout.grades.rows", "'layout.grades.rows' must list the rows of each grade.");
      }
      List<Integer> rowList = new ArrayList<>();
      for (Object row : gradeRows) {
        int r = bounded(row, "layout.grades.rows", 1, rows);
        if (!covered.add(r)) {
          throw RequestFields.invalid("layout.grades.rows", "'layout.grades.rows' gives row " + r + " two grades.");
        }
        rowList.add(r);
      }
      result.add(new ShowDraft.Grade(name, price, rowList));
    }
    if (covered.size() != rows) {
      throw RequestFields.invalid("layout.grades.rows",
        "'layout.grades.rows' must give every row from 1 to " + rows + " a grade.");
    }
    return result;
  }

  private static String text(JsonObject body, String field, int max) {
    return text(body, field, max, field);
  }

  private static String text(JsonObject body, String field, int max, String name) {
    if (!(body.getValue(field) instanceof String text) || text.isBlank() || text.length() > max) {
      throw RequestFields.invalid(name, "'" + name + "' must be a text of 1 to " + max + " characters.");
    }
    return text.strip();
  }

  private static int bounded(Object value, String field, int min, int max) {
    Long number = RequestFields.integral(value);
    if (number == null || number < min || number > max) {
      throw RequestFields.invalid(field, "'" + field + "' must be a whole number from " + min + " to " + max + ".");
    }
    return number.intValue();
  }

  private static Instant instant(Object value, String field) {
    if (value instanceof String text) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        // falls through to the problem below
      }
    }
    throw RequestFields.invalid(field, "'" + field + "' must be an ISO-8601 instant such as 2026-12-24T19:00:00Z.");
  }
}
