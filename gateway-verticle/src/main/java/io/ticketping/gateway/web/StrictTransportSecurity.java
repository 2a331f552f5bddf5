package io.ticketping.gateway.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Adds {@code Strict-Transport-Security: max-age=N} to every answer. Sent whatever the scheme of the request: TLS ends
 * at the ingress, so the gateway itself only sees plain HTTP (Vert.x's own HSTS handler would stay silent then), and a
 * browser ignores the header on an answer that did not come over HTTPS.
 */
public final class StrictTransportSecurity implements Handler<RoutingContext> {

  private final String value;

  public StrictTransportSecurity(long maxAgeSeconds) {
    this.value = "max-age=" + maxAgeSeconds;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader("Strict-Transport-Security", value);
    ctx.next();
  }
}
