package io.ticketping.shared.events;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.UUID;

/**
 * One durable event, as written to the outbox and carried by Kafka: {@code eventId} makes redelivery harmless
 * (consumers record it), {@code key} (the order id) is the Kafka record key, so every event of one order lands on one
 * partition and keeps its order.
 *
 * @param eventId    a UUID, unique per event
 * @param type       what happened, e.g. {@code OrderPaid}, {@code PaymentApproved}
 * @param occurredAt when it happened (serialised as an ISO-8601 instant)
 * @param key        the order id
 * @param payload    the event's own fields
 */
public record DomainEvent(String eventId, String type, Instant occurredAt, String key, JsonObject payload) {

  public DomainEvent {
    requireText(eventId, "eventId");
    requireText(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    requireText(key, "key");
    payload = payload == null ? new JsonObject() : payload;
  }

  /** A new event that happened now, with a fresh random id. */
  public static DomainEvent of(String type, String key, JsonObject payload) {
    return new DomainEvent(UUID.randomUUID().toString(), type, Instant.now(), key, payload);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("eventId", eventId)
      .put("type", type)
      .put("occurredAt", occurredAt.toString())
      .put("key", key)
      .put("payload", payload.copy());
  }

  /** @throws IllegalArgumentException when a field is missing or malformed */
  public static DomainEvent fromJson(JsonObject json) {
    if (json == null) {
      throw new IllegalArgumentException("event is missing");
    }
    Object payload = json.getValue("payload");
    if (payload != null && !(payload instanceof JsonObject)) {
      throw new IllegalArgumentException("payload is not an object");
    }
    try {
      return new DomainEvent(text(json, "eventId"), text(json, "type"), Instant.parse(text(json, "occurredAt")),
        text(json, "key"), (JsonObject) payload);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("occurredAt is not an ISO-8601 instant", e);
    }
  }

  /** Parses the JSON text of a Kafka record value. */
  public static DomainEvent fromJson(String json) {
    try {
      return fromJson(new JsonObject(json));
    } catch (RuntimeException e) {
      throw e instanceof IllegalArgumentException iae ? iae : new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  /** A string field; JsonObject.getString would quietly turn a number into text. */
  private static String text(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException(name + " is not a string");
    }
    return requireText((String) value, name);
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is missing");
    }
    return value;
  }
}
