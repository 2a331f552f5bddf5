package io.ticketping.gateway.web;

import io.ticketping.shared.observability.RequestIds;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * First handler of every route: takes the client's {@value RequestIds#HEADER} (or makes one), binds it to this
 * request's context for the access log, the log lines and the service calls that follow, and returns it in the
 * response, so a user's report ("it failed, request id ...") leads straight to the log lines.
 */
public final class RequestIdHandler implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    String id = RequestIds.acceptOrCreate(ctx.request().getHeader(RequestIds.HEADER));
    RequestIds.bind(id);
    ctx.response().putHeader(RequestIds.HEADER, id);
    ctx.next();
  }
}
