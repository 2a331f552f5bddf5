package io.ticketping.shared.events;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainEventTest {

  @Test
  @DisplayName("an event survives the trip to JSON text and back, with its instant in ISO-8601")
  void roundTrip() {
    DomainEvent event = DomainEvent.of(EventTypes.ORDER_PAID, "order-42", new JsonObject().put("amount", 77000));
    JsonObject json = event.toJson();
    assertThat(json.getString("occurredAt")).isEqualTo(event.occurredAt().toString());
    assertThat(Instant.parse(json.getString("occurredAt"))).isEqualTo(event.occurredAt());
    assertThat(DomainEvent.fromJson(json.encode())).isEqualTo(event);
  }

  @Test
  @DisplayName("two new events never share an id")
  void freshIds() {
    assertThat(DomainEvent.of(EventTypes.ORDER_CREATED, "o", null).eventId())
      .isNotEqualTo(DomainEvent.of(EventTypes.ORDER_CREATED, "o", null).eventId());
  }

  @Test
  @DisplayName("text that is not an event is refused with IllegalArgumentException")
  void malformed() {
    assertThatThrownBy(() -> DomainEvent.fromJson("{not json")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DomainEvent.fromJson("{\"eventId\":\"1\",\"type\":\"OrderPaid\",\"key\":\"o\"}"))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("occurredAt");
    assertThatThrownBy(() -> DomainEvent.fromJson("{\"eventId\":\"1\",\"type\":\"OrderPaid\",\"key\":\"o\","
      + "\"occurredAt\":\"yesterday\"}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DomainEvent.fromJson("{\"eventId\":\"1\",\"type\":7,\"key\":\"o\","
      + "\"occurredAt\":\"2026-01-01T00:00:00Z\"}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DomainEvent.fromJson("[]")).isInstanceOf(IllegalArgumentException.class);
  }
}
