package io.ticketping.shared.problem;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The one error shape of the API (RFC 9457 {@code application/problem+json}), also used as the failure body of
 * event-bus replies so that a service's answer reaches the client unchanged whether it ran in this JVM or another.
 *
 * @param type   a stable URN naming the kind of problem, e.g. {@code urn:ticketping:problem:validation}
 * @param title  a short human summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param field  the offending input field for validation problems, otherwise {@code null}
 * @param extras more members for the client (RFC 9457 extensions), e.g. the seats that were taken; may be null
 */
public record Problem(String type, String title, int status, String detail, String field, JsonObject extras) {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_PREFIX = "urn:ticketping:problem:";

  public static Problem of(int status, String kind, String title, String detail) {
    return new Problem(TYPE_PREFIX + kind, title, status, detail, null, null);
  }

  public static Problem badRequest(String detail) {
    return of(400, "bad-request", "Bad request", detail);
  }

  public static Problem invalidField(String field, String detail) {
    return new Problem(TYPE_PREFIX + "validation", "Invalid input", 400, detail, field, null);
  }

  public static Problem unauthorized(String detail) {
    return of(401, "unauthorized", "Unauthorized", detail);
  }

  public static Problem forbidden(String detail) {
    return of(403, "forbidden", "Forbidden", detail);
  }

  public static Problem notFound(String detail) {
    return of(404, "not-found", "Not found", detail);
  }

  public static Problem conflict(String detail) {
    return of(409, "conflict", "Conflict", detail);
  }

  public static Problem tooManyRequests(String detail) {
    return of(429, "rate-limited", "Too many requests", detail);
  }

  public static Problem internal() {
    return of(500, "internal", "Internal error", "The request could not be completed; it has been logged.");
  }

  public static Problem unavailable(String detail) {
    return of(503, "unavailable", "Service unavailable", detail);
  }

  public static Problem timeout(String detail) {
    return of(504, "timeout", "Timed out", detail);
  }

  /** This problem with one more member in its body. */
  public Problem with(String member, Object value) {
    JsonObject more = extras == null ? new JsonObject() : extras.copy();
    return new Problem(type, title, status, detail, field, more.put(member, value));
  }

  /** This problem as an exception, to fail a future or a routing context with. */
  public ProblemException toException() {
    return new ProblemException(this, 0);
  }

  public JsonObject toJson() {
    JsonObject json = extras == null ? new JsonObject() : extras.copy();
    json
      .put("type", type)
      .put("title", title)
      .put("status", status)
      .put("detail", detail);
    if (field != null) {
      json.put("field", field);
    }
    return json;
  }

  public static Problem fromJson(JsonObject json) {
    JsonObject extras = json.copy();
    for (String member : new String[] {"type", "title", "status", "detail", "field"}) {
      extras.remove(member);
    }
    return new Problem(json.getString("type"), json.getString("title"), json.getInteger("status"),
      json.getString("detail"), json.getString("field"), extras.isEmpty() ? null : extras);
  }

  /**
   * The problem behind a failed event-bus request: the service's own problem when it replied with one, 503 when no
   * service is listening, 504 when it did not answer in time.
   */
  public static Problem fromReply(ReplyException e) {
    switch (e.failureType()) {
      case NO_HANDLERS:
        return unavailable("The service is not available; try again shortly.");
      case TIMEOUT:
        return timeout("The service did not answer in time; try again shortly.");
      default:
        try {
          return fromJson(new JsonObject(e.getMessage()));
        } catch (DecodeException | NullPointerException | ClassCastException notAProblem) {
          return internal();
        }
    }
  }
}
