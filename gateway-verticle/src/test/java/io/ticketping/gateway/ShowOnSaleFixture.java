package io.ticketping.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Consumer;

/**
 * The gateway with the booking service, a client of its API, and one show put on sale with one schedule: where the
 * seat-hold tests start.
 */
final class ShowOnSaleFixture {

  final GatewayFixture gw;
  final BookingClient api;
  final long showId;
  final long scheduleId;
  /** The schedule's seat ids. */
  final List<Long> seats;

  private ShowOnSaleFixture(GatewayFixture gw, BookingClient api, BookingClient.ShowOnSale sale) {
    this.gw = gw;
    this.api = api;
    this.showId = sale.showId();
    this.scheduleId = sale.scheduleId();
    this.seats = sale.seats();
  }

  /** {@code tweak} changes the configuration first; {@code show} is the creation request (BookingClient.show). */
  static ShowOnSaleFixture start(Vertx vertx, Consumer<JsonObject> tweak, JsonObject show) {
    GatewayFixture gw = GatewayFixture.startWithBooking(vertx, tweak);
    BookingClient api = new BookingClient(gw);
    return new ShowOnSaleFixture(gw, api, api.showOnSale(show).await());
  }

  void close() {
    api.close().await();
  }
}
