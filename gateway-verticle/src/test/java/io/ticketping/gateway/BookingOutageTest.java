package io.ticketping.gateway;

import io.ticketping.shared.booking.BookingAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.function.Supplier;

import static io.ticketping.gateway.BookingClient.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The booking service hangs (its handlers take every request and never answer) and comes back, behind the
 * gateway → booking breaker: slow 504s until the breaker opens, then fast 503s with Retry-After for writes and reads,
 * the last good seat map marked stale, queue polls unaffected; once booking is back, a trial call closes the breaker.
 */
@ExtendWith(VertxExtension.class)
class BookingOutageTest {

  private static final long CALL_TIMEOUT_MS = 3000;
  private static final int MAX_FAILURES = 2;
  private static final long RESET_MS = 1500;

  private ShowOnSaleFixture sale;

  @BeforeEach
  void start(Vertx vertx) {
    sale = ShowOnSaleFixture.start(vertx, config -> {
      config.getJsonObject("services").put("requestTimeoutMs", CALL_TIMEOUT_MS);
      config.getJsonObject("breakers").put("maxFailures", MAX_FAILURES).put("resetMs", RESET_MS);
    }, BookingClient.show("Outage", 1, 4, 1));
  }

  @AfterEach
  void stop() {
    sale.close();
  }

  @Test
  @DisplayName("booking hung: after a few timeouts booking routes answer 503 with Retry-After at once, seat maps come "
    + "from the last good copy marked stale, polls still answer 200; booking back: holds succeed again")
  void fastRefusalsWhileBookingHangsThenRecovery() {
    String pass1 = sale.api.pass(1, sale.showId).await();
    String pass2 = sale.api.pass(2, sale.showId).await();
    BookingClient.expect(sale.api.hold(1, pass1, sale.scheduleId, sale.seats.subList(0, 1)).await(), 201,
      "hold before the outage");
    JsonObject goodMap = sale.api.seatMap(sale.scheduleId).await();

    sale.gw.undeployBooking().await();
    List<MessageConsumer<JsonObject>> hung = List.of(hang(BookingAddresses.HOLD), hang(BookingAddresses.SEAT_MAP),
      hang(BookingAddresses.MY_ORDERS));
    Future.all(hung.stream().map(MessageConsumer::completion).toList()).await();

    for (int i = 0; i < MAX_FAILURES; i++) {
      Timed slow = timed(() -> sale.api.hold(1, pass1, sale.scheduleId, sale.seats.subList(1, 2)));
      assertThat(slow.response.statusCode()).as("hold %d while booking hangs", i).isEqualTo(504);
      assertThat(slow.millis).isGreaterThanOrEqualTo(CALL_TIMEOUT_MS - 100);
    }

    Timed refused = timed(() -> sale.api.hold(1, pass1, sale.scheduleId, sale.seats.subList(1, 2)));
    assertThat(refused.response.statusCode()).as("hold once the breaker is open").isEqualTo(503);
    assertThat(refused.response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(refused.response.getHeader("Retry-After")).as("the reset time, in whole seconds").isEqualTo("2");
    assertThat(refused.millis).as("refused at once, not after the call timeout").isLessThan(CALL_TIMEOUT_MS / 3);

    Timed orders = timed(() -> sale.api.get(ORDERS, 1));
    assertThat(orders.response.statusCode()).as("a read of booking once the breaker is open").isEqualTo(503);
    assertThat(orders.response.getHeader("Retry-After")).isNotBlank();
    assertThat(orders.millis).isLessThan(CALL_TIMEOUT_MS / 3);

    Timed map = timed(() -> sale.gw.client.get("/api/v1/schedules/" + sale.scheduleId + "/seats").send());
    assertThat(map.response.statusCode()).as("seat map from the last good copy").isEqualTo(200);
    assertThat(map.response.getHeader("X-Stale")).isEqualTo("true");
    JsonObject stale = map.response.bodyAsJsonObject();
    assertThat(stale.getBoolean("stale")).isTrue();
    assertThat(stale.copy().put("stale", (Object) null)).as("the copy's shape and seats")
      .isEqualTo(goodMap.copy().put("stale", (Object) null));
    assertThat(map.millis).isLessThan(CALL_TIMEOUT_MS / 3);

    HttpResponse<Buffer> poll = sale.api.get("/api/v1/queue/" + sale.showId, 2).await();
    assertThat(poll.statusCode()).as("a queue poll during the booking outage").isEqualTo(200);
    assertThat(poll.bodyAsJsonObject().getString("status")).isEqualTo("ADMITTED");

    Future.all(hung.stream().map(MessageConsumer::unregister).toList()).await();
    sale.gw.deployBooking().await();
    long deadline = System.currentTimeMillis() + RESET_MS + 10_000;
    HttpResponse<Buffer> held = sale.api.hold(2, pass2, sale.scheduleId, sale.seats.subList(2, 3)).await();
    while (held.statusCode() == 503 || held.statusCode() == 504) {
      assertThat(System.currentTimeMillis()).as("holds succeed again in time; last %s", held.bodyAsString())
        .isLessThan(deadline);
      sale.api.later(200).await();
      held = sale.api.hold(2, pass2, sale.scheduleId, sale.seats.subList(2, 3)).await();
    }
    BookingClient.expect(held, 201, "hold once booking is back");
    JsonObject fresh = sale.api.seatMap(sale.scheduleId).await();
    assertThat(fresh.containsKey("stale")).as("a fresh seat map is not marked").isFalse();
    BookingClient.expect(sale.api.get(ORDERS, 1).await(), 200, "orders once booking is back");
  }

  /** A booking handler that takes every request at {@code address} and never answers, as a hung service would. */
  private MessageConsumer<JsonObject> hang(String address) {
    return sale.gw.vertx.eventBus().consumer(address, message -> { });
  }

  private record Timed(HttpResponse<Buffer> response, long millis) {
  }

  private static Timed timed(Supplier<Future<HttpResponse<Buffer>>> request) {
    long began = System.nanoTime();
    HttpResponse<Buffer> response = request.get().await();
    return new Timed(response, (System.nanoTime() - began) / 1_000_000);
  }
}
