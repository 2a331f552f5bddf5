package io.ticketping.gateway.auth;

import io.ticketping.gateway.web.Principal;
import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The guard of every admin route about one show: an ADMIN passes for any show, an ORGANISER only for a show it owns,
 * anyone else gets 403. A show the organiser does not own answers 404 exactly as a show that does not exist, so an
 * organiser cannot learn which show ids other organisers have. Place it after the bearer-token check, the role check
 * and the rate limit (a lookup may cost a call to booking), before the body schema (a bad body on someone else's show
 * must not be told apart either).
 *
 * <p>Booking is asked who owns a show, and which show an order is for; neither ever changes, so the answers are kept
 * for this instance's lifetime (bounded; when full it starts over, a miss only costs the call again). One instance
 * per gateway verticle instance: its maps are only touched from that instance's event loop.
 */
public final class ShowAccess {

  private static final int MAX_KEPT = 10_000;
  /** The owner kept for a show an admin created: no organiser owns it. */
  private static final long NO_ORGANISER = 0;

  private final ServiceCalls calls;
  private final Map<Long, Long> ownerOfShow = new HashMap<>();
  private final Map<String, Long> showOfOrder = new HashMap<>();

  public ShowAccess(ServiceCalls calls) {
    this.calls = calls;
  }

  /** The guard for routes with the show in the {@code :showId} path parameter. */
  public Handler<RoutingContext> showInPath() {
    return ctx -> guard(ctx, this::pathShow, "You have no show " + ctx.pathParam("showId") + ".");
  }

  /** The guard for routes with an order in the {@code :orderId} path parameter: the order's show decides. */
  public Handler<RoutingContext> orderInPath() {
    return ctx -> guard(ctx, this::orderShow, "There is no order " + ctx.pathParam("orderId")
      + " for a show of yours.");
  }

  private void guard(RoutingContext ctx, Function<RoutingContext, Future<Long>> showOf, String notYours) {
    Principal caller = Principal.of(ctx);
    if (caller.isAdmin()) {
      ctx.next();
      return;
    }
    if (!caller.isOrganiser()) {
      ctx.fail(Problem.forbidden("This needs the ADMIN or ORGANISER role.").toException());
      return;
    }
    showOf.apply(ctx)
      .compose(showId -> showId == null ? Future.succeededFuture(null) : owner(showId))
      .recover(e -> isNotFound(e) ? Future.succeededFuture(null) : Future.failedFuture(e))
      .onSuccess(owner -> {
        if (owner != null && owner == caller.userId()) {
          ctx.next();
        } else {
          ctx.fail(Problem.notFound(notYours).toException());
        }
      })
      .onFailure(ctx::fail);
  }

  /** The show id of the path; null when it cannot be a show id (no organiser owns it then). */
  private Future<Long> pathShow(RoutingContext ctx) {
    try {
      long showId = Long.parseLong(ctx.pathParam("showId"));
      return Future.succeededFuture(showId > 0 ? showId : null);
    } catch (NumberFormatException e) {
      return Future.succeededFuture(null);
    }
  }

  private Future<Long> orderShow(RoutingContext ctx) {
    String orderId = ctx.pathParam("orderId");
    Long known = showOfOrder.get(orderId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return calls.request(BookingAddresses.ORDER_SHOW, new JsonObject().put("orderId", orderId))
      .map(reply -> remember(showOfOrder, orderId, reply.getLong("showId")));
  }

  /** The organiser who owns the show, {@value #NO_ORGANISER} for an admin's show. */
  private Future<Long> owner(long showId) {
    Long known = ownerOfShow.get(showId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return calls.request(BookingAddresses.SHOW_OWNER, new JsonObject().put("showId", showId))
      .map(reply -> {
        Long organiserId = reply.getLong("organiserId");
        return remember(ownerOfShow, showId, organiserId == null ? NO_ORGANISER : organiserId);
      });
  }

  private static <K> Long remember(Map<K, Long> kept, K key, Long value) {
    if (kept.size() >= MAX_KEPT) {
      kept.clear();
    }
    kept.put(key, value);
    return value;
  }

  /** Booking's "no such show/order", or its refusal of an id that cannot be one (a malformed order id). */
  private static boolean isNotFound(Throwable e) {
    int status = e instanceof ProblemException p ? p.problem().status()
      : e instanceof ReplyException r ? r.failureCode() : 0;
    return status == 404 || status == 400;
  }
}
