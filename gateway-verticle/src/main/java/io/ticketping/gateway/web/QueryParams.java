package io.ticketping.gateway.web;

import io.ticketping.shared.problem.Problem;
import io.vertx.ext.web.RoutingContext;

/** Typed, bounded query parameters; a bad one is a 400 problem naming it. */
public final class QueryParams {

  private QueryParams() {
  }

  public static int intIn(RoutingContext ctx, String name, int fallback, int min, int max) {
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
}
