package io.ticketping.gateway.booking;

import io.ticketping.gateway.web.ContractValidation;
import io.ticketping.gateway.web.Principal;
import io.ticketping.gateway.web.RequestParams;
import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.breaker.HopFailures;
import io.ticketping.shared.bus.ServiceCalls;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/** The catalogue, seat maps and orders over HTTP; the booking service does the work behind the event bus. */
public final class BookingRoutes {

  /** Set on an answer taken from an earlier copy because the service could not answer now. */
  private static final String STALE = "X-Stale";

  private final ServiceCalls calls;
  private final SeatMapCopies seatMaps = new SeatMapCopies();
  /** Schedule → show, for the pass guard; never changes once a show exists. Confined to this instance's loop. */
  private final Map<Long, String> showOfSchedule = new HashMap<>();

  public BookingRoutes(ServiceCalls calls) {
    this.calls = calls;
  }

  /** An organiser's show is its own (its body cannot name {@code organiserId}); an admin's, no one's. */
  public void createShow(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    JsonObject draft = ContractValidation.body(ctx).copy();
    if (caller.isOrganiser()) {
      draft.put("organiserId", caller.userId());
    }
    calls.request(BookingAddresses.CREATE_SHOW, draft)
      .onSuccess(show -> created(ctx, "/api/v1/shows/" + show.getLong("showId"), show))
      .onFailure(ctx::fail);
  }

  public void listShows(RoutingContext ctx) {
    JsonObject page = new JsonObject()
      .put("limit", RequestParams.queryInt(ctx, "limit", 20, 1, 100))
      .put("offset", RequestParams.queryInt(ctx, "offset", 0, 0, 1_000_000));
    reply(ctx, BookingAddresses.LIST_SHOWS, page);
  }

  /** {@code GET /api/v1/admin/shows}: the organiser's own shows, or every show for an admin. */
  public void ownedShows(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    JsonObject page = new JsonObject()
      .put("limit", RequestParams.queryInt(ctx, "limit", 50, 1, 100))
      .put("offset", RequestParams.queryInt(ctx, "offset", 0, 0, 1_000_000));
    if (!caller.isAdmin()) {
      page.put("organiserId", caller.userId());
    }
    reply(ctx, BookingAddresses.OWNED_SHOWS, page);
  }

  /** {@code GET /api/v1/admin/shows/{showId}/sales}, behind the show-access guard. */
  public void sales(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-store");
    reply(ctx, BookingAddresses.SHOW_SALES, new JsonObject().put("showId", RequestParams.pathId(ctx, "showId")));
  }

  public void getShow(RoutingContext ctx) {
    reply(ctx, BookingAddresses.GET_SHOW, new JsonObject().put("showId", RequestParams.pathId(ctx, "showId")));
  }

  /** The schedule's seat map; its last good copy, marked stale, while booking or its Redis cannot answer. */
  public void seatMap(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-store");
    long scheduleId = RequestParams.pathId(ctx, "scheduleId");
    calls.request(BookingAddresses.SEAT_MAP, new JsonObject().put("scheduleId", scheduleId))
      .onSuccess(map -> {
        seatMaps.keep(scheduleId, map);
        ctx.json(map);
      })
      .onFailure(e -> {
        JsonObject copy = HopFailures.unavailable(e) ? seatMaps.stale(scheduleId) : null;
        if (copy == null) {
          ctx.fail(e);
          return;
        }
        ctx.response().putHeader(STALE, "true");
        ctx.json(copy);
      });
  }

  public void hold(RoutingContext ctx) {
    JsonObject request = ContractValidation.body(ctx).copy().put("userId", Principal.of(ctx).userId());
    calls.request(BookingAddresses.HOLD, request)
      .onSuccess(order -> created(ctx, "/api/v1/orders/" + order.getString("orderId"), order))
      .onFailure(ctx::fail);
  }

  public void myOrders(RoutingContext ctx) {
    reply(ctx, BookingAddresses.MY_ORDERS, new JsonObject().put("userId", Principal.of(ctx).userId()));
  }

  public void getOrder(RoutingContext ctx) {
    reply(ctx, BookingAddresses.GET_ORDER, userOrder(ctx));
  }

  public void cancelOrder(RoutingContext ctx) {
    reply(ctx, BookingAddresses.CANCEL_ORDER, userOrder(ctx));
  }

  /** {@code POST /api/v1/orders/{orderId}/refund}: the buyer refunds a paid order (202: the money is on its way). */
  public void refundOrder(RoutingContext ctx) {
    accepted(ctx, userOrder(ctx).put("admin", false));
  }

  /**
   * {@code POST /api/v1/admin/orders/{orderId}/refund}: an admin refunds any paid order, an organiser one of its own
   * shows (the show-access guard has checked which), whenever.
   */
  public void adminRefund(RoutingContext ctx) {
    accepted(ctx, userOrder(ctx).put("admin", true));
  }

  private void accepted(RoutingContext ctx, JsonObject request) {
    calls.request(BookingAddresses.REFUND_ORDER, request).onSuccess(order -> {
      ctx.response().setStatusCode("REFUNDED".equals(order.getString("status")) ? 200 : 202)
        .putHeader("Location", "/api/v1/orders/" + order.getString("orderId"));
      ctx.json(order);
    }).onFailure(ctx::fail);
  }

  /** The show whose queue pass a hold request needs: the show of the schedule in its body. */
  public Future<String> showOfHold(RoutingContext ctx) {
    Object scheduleId = ContractValidation.body(ctx).getValue("scheduleId");
    if (!(scheduleId instanceof Number number)) {
      return Future.succeededFuture("");
    }
    String known = showOfSchedule.get(number.longValue());
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return calls.request(BookingAddresses.SCHEDULE_SHOW, new JsonObject().put("scheduleId", number.longValue()))
      .map(reply -> {
        String showId = String.valueOf(reply.getLong("showId"));
        showOfSchedule.put(number.longValue(), showId);
        return showId;
      });
  }

  private static JsonObject userOrder(RoutingContext ctx) {
    return new JsonObject().put("userId", Principal.of(ctx).userId()).put("orderId", ctx.pathParam("orderId"));
  }

  private void reply(RoutingContext ctx, String address, JsonObject body) {
    calls.request(address, body).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static void created(RoutingContext ctx, String location, JsonObject body) {
    ctx.response().setStatusCode(201).putHeader("Location", location)
      .putHeader("Content-Type", "application/json").end(body.toBuffer());
  }
}
