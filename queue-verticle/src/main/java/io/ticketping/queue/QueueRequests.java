package io.ticketping.queue;

import io.ticketping.shared.bus.RequestFields;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and checks the fields of queue requests. Every method throws a 400 {@link ProblemException} naming the field,
 * so no bad input ever reaches Redis or turns into a 500.
 */
final class QueueRequests {

  private static final Pattern SHOW_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private QueueRequests() {
  }

  static String showId(JsonObject body) {
    Object value = body.getValue("showId");
    if (value instanceof String id && SHOW_ID.matcher(id).matches()) {
      return id;
    }
    throw invalid("showId", "showId must be a string of 1 to 64 letters, digits, '_' or '-'.");
  }

  static long userId(JsonObject body) {
    return positiveLong("userId", body.getValue("userId"));
  }

  /** {@code userIds}: an array of 0 to {@code max} user ids. */
  static List<Long> userIds(JsonObject body, int max) {
    if (!(body.getValue("userIds") instanceof JsonArray array)) {
      throw invalid("userIds", "userIds must be an array of user ids.");
    }
    if (array.size() > max) {
      throw invalid("userIds", "userIds may hold at most " + max + " user ids; send larger sets in chunks.");
    }
    List<Long> ids = new ArrayList<>(array.size());
    for (Object value : array) {
      ids.add(positiveLong("userIds", value));
    }
    return ids;
  }

  /** A count such as seats on sale: a whole number ≥ 0. */
  static long count(JsonObject body, String field) {
    Long number = RequestFields.integral(body.getValue(field));
    if (number == null || number < 0) {
      throw invalid(field, field + " must be a whole number of 0 or more.");
    }
    return number;
  }

  /** The settings of a configure request; omitted (or null) fields are {@code null}: keep or default. */
  static QueueSettings settings(JsonObject body) {
    return new QueueSettings(
      optionalInt(body, "capacity", 0),
      optionalInt(body, "admitPerMinute", 0),
      optionalInt(body, "passTtlSeconds", 1),
      optionalInt(body, "idleTimeoutSeconds", 1),
      body.getValue("opensAt") == null ? null : nonNegativeLong("opensAt", body.getValue("opensAt")));
  }

  private static Integer optionalInt(JsonObject body, String field, int min) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    Long number = RequestFields.integral(value);
    if (number == null || number < min || number > Integer.MAX_VALUE) {
      throw invalid(field, field + " must be a whole number from " + min + " to " + Integer.MAX_VALUE + ".");
    }
    return number.intValue();
  }

  private static long positiveLong(String field, Object value) {
    Long number = RequestFields.integral(value);
    if (number == null || number < 1) {
      throw invalid(field, field + " must be a positive whole number (a user id).");
    }
    return number;
  }

  private static long nonNegativeLong(String field, Object value) {
    Long number = RequestFields.integral(value);
    if (number == null || number < 0) {
      throw invalid(field, field + " must be a time in epoch milliseconds (0 = open now).");
    }
    return number;
  }

  private static ProblemException invalid(String field, String detail) {
    return Problem.invalidField(field, detail).toException();
  }
}
