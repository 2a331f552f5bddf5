package io.ticketping.gateway.outcomes;

import io.ticketping.gateway.web.RequestParams;
import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * A show's outcome figures over HTTP: what the waiting room recorded (admissions, waits, abandonment by minute) and
 * what came of the sale (buyers who held and paid, sell-out time), asked of the queue and booking services at once
 * and answered as one document.
 */
public final class OutcomeRoutes {

  private final ServiceCalls calls;

  public OutcomeRoutes(ServiceCalls calls) {
    this.calls = calls;
  }

  /** {@code GET /api/v1/admin/shows/{showId}/outcomes}, behind the show-access guard. */
  public void outcomes(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-store");
    JsonObject show = new JsonObject().put("showId", RequestParams.pathId(ctx, "showId"));
    Future<JsonObject> sale = calls.request(BookingAddresses.SHOW_OUTCOMES, show);
    Future<JsonObject> line = calls.request(QueueAddresses.OUTCOMES,
      new JsonObject().put("showId", String.valueOf(show.getLong("showId"))));
    Future.all(sale, line).onSuccess(both -> ctx.json(combined(show.getLong("showId"), line.result(), sale.result())))
      .onFailure(ctx::fail);
  }

  /**
   * {@code {showId, admitted, left, timedOut, waitSeconds, byMinute, conversion: {admitted, held, paid},
   * sellOut: {saleOpensAt, soldOutAt, seconds, seats, sold}}}; conversion counts buyers (one each, however many
   * admissions or orders).
   */
  static JsonObject combined(long showId, JsonObject line, JsonObject sale) {
    return new JsonObject()
      .put("showId", showId)
      .put("admitted", line.getLong("admitted"))
      .put("left", line.getLong("left"))
      .put("timedOut", line.getLong("timedOut"))
      .put("waitSeconds", line.getJsonObject("waitSeconds"))
      .put("byMinute", line.getJsonArray("byMinute"))
      .put("conversion", new JsonObject()
        .put("admitted", line.getLong("admittedBuyers"))
        .put("held", sale.getLong("buyersHeld"))
        .put("paid", sale.getLong("buyersPaid")))
      .put("sellOut", new JsonObject()
        .put("saleOpensAt", sale.getString("saleOpensAt"))
        .put("soldOutAt", sale.getString("soldOutAt"))
        .put("seconds", sale.getValue("sellOutSeconds"))
        .put("seats", sale.getLong("seats"))
        .put("sold", sale.getLong("seatsSold")));
  }
}
