package io.ticketping.gateway.web;

import io.vertx.ext.web.RoutingContext;

/** Who is calling: set on the routing context by the bearer-token check, read by every handler after it. */
public record Principal(long userId, String role) {

  private static final String KEY = "ticketping.principal";

  public static final String USER = "USER";
  public static final String ADMIN = "ADMIN";
  /** Creates shows and runs its own: their waiting rooms, sales figures and refunds. Only an admin makes one. */
  public static final String ORGANISER = "ORGANISER";

  public void attachTo(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  /** The caller of a route behind the bearer-token check. */
  public static Principal of(RoutingContext ctx) {
    Principal principal = ctx.get(KEY);
    if (principal == null) {
      throw new IllegalStateException("route is not behind the bearer-token check");
    }
    return principal;
  }

  public boolean isAdmin() {
    return ADMIN.equals(role);
  }

  public boolean isOrganiser() {
    return ORGANISER.equals(role);
  }

  public static Long userIdOrNull(RoutingContext ctx) {
    Principal principal = ctx.get(KEY);
    return principal == null ? null : principal.userId();
  }
}
