package io.ticketping.gateway.web;

import io.ticketping.shared.observability.RequestIds;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per request on the {@code ticketping.access} logger: method, path without the query string (a
 * query may carry a token), status, duration, user, client address and request id. Bodies and headers are never
 * logged, so no password or token can leak through here.
 */
public final class AccessLog implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger("ticketping.access");

  @Override
  public void handle(RoutingContext ctx) {
    if (LOG.isInfoEnabled()) {
      long start = System.nanoTime();
      String requestId = RequestIds.current();
      ctx.addEndHandler(done -> LOG.info("method={} path=\"{}\" status={} ms={} user={} ip={} request={}",
        ctx.request().method(), safe(ctx.request().path()), ctx.response().getStatusCode(),
        (System.nanoTime() - start) / 1_000_000, Principal.userIdOrNull(ctx),
        ctx.request().remoteAddress() == null ? "-" : ctx.request().remoteAddress().host(), requestId));
    }
    ctx.next();
  }

  /** Keeps a client-chosen path from forging log lines or breaking the quoting. */
  private static String safe(String path) {
    return path == null ? "" : path.replaceAll("[\\p{Cntrl}\"\\\\]", "?");
  }
}
