package io.ticketping.gateway.web;

import io.ticketping.shared.problem.Problem;
import io.vertx.ext.web.RoutingContext;

/** Typed, bounded query and path parameters; a bad one is a 400 problem naming it. */
public final class RequestParams {

  private RequestParams() {
  }

  public static int queryInt(RoutingContext ctx, String name, int fallback, int min, int max) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the problem below
    }
    throw Problem.invalidField(name, "'" + name + "' must be a whole number from " + min + " to " + max + ".")
      .toException();
  }

  /** A path parameter that must be a positive whole number, such as a numeric id. */
  public static long pathId(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name);
    try {
      long value = Long.parseLong(raw);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the problem below
    }
    throw Problem.invalidField(name, "'" + name + "' must be a positive whole number.").toException();
  }
}
