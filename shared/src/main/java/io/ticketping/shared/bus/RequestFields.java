package io.ticketping.shared.bus;

import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of service-request fields. Each throws a 400 {@link ProblemException} naming the field, so bad input
 * never reaches Redis or PostgreSQL and never turns into a 500.
 */
public final class RequestFields {

  private RequestFields() {
  }

  /** The message body as a JSON object. */
  public static JsonObject body(Object body) {
    if (body instanceof JsonObject json) {
      return json;
    }
    throw Problem.badRequest("The message body must be a JSON object.").toException();
  }

  /** A whole number ≥ 1, such as an id. */
  public static long positiveLong(JsonObject body, String field) {
    Long number = integral(body.getValue(field));
    if (number == null || number < 1) {
      throw invalid(field, "'" + field + "' must be a positive whole number.");
    }
    return number;
  }

  /** An array of {@code min}..{@code max} distinct positive whole numbers. */
  public static List<Long> distinctPositiveLongs(JsonObject body, String field, int min, int max) {
    if (!(body.getValue(field) instanceof JsonArray array) || array.size() < min || array.size() > max) {
      throw invalid(field, "'" + field + "' must be an array of " + min + " to " + max + " ids.");
    }
    List<Long> ids = new ArrayList<>(array.size());
    for (Object value : array) {
      Long id = integral(value);
      if (id == null || id < 1) {
        throw invalid(field, "'" + field + "' must hold positive whole numbers only.");
      }
      if (ids.contains(id)) {
        throw invalid(field, "'" + field + "' names " + id + " twice.");
      }
      ids.add(id);
    }
    return ids;
  }

  /** The value as a long when it is a JSON whole number that fits, else {@code null} (strings, fractions, ...). */
  public static Long integral(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    return null;
  }

  public static ProblemException invalid(String field, String detail) {
    return Problem.invalidField(field, detail).toException();
  }
}
