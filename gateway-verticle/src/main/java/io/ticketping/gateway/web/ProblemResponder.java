package io.ticketping.gateway.web;

import io.ticketping.shared.bus.ServiceEndpoints;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * The one failure handler of the API: whatever failed (a problem raised on purpose, an event-bus reply, a framework
 * status such as 404/405/413, a lost store connection, a bug) leaves as one {@code application/problem+json} body.
 */
public final class ProblemResponder implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Too late for a problem body (an SSE stream, say): all that is left is to close.
      response.reset();
      return;
    }
    Throwable failure = ctx.failure();
    Problem problem;
    long retryAfter = 0;
    if (failure instanceof ProblemException e) {
      problem = e.problem();
      retryAfter = e.retryAfterSeconds();
    } else if (failure instanceof ReplyException e) {
      problem = Problem.fromReply(e);
      // The service's own Retry-After (e.g. an open breaker's reset time) when it gave one; else 1 s for a 503/504.
      Long given = problem.extras() == null ? null : problem.extras().getLong(ServiceEndpoints.RETRY_AFTER);
      retryAfter = given != null && given > 0 ? given : problem.status() >= 503 ? 1 : 0;
    } else if (failure instanceof DecodeException) {
      problem = Problem.badRequest("The body is not valid JSON.");
    } else if (isStoreUnavailable(failure)) {
      LOG.warn("A backing store is unavailable: {}", failure.toString());
      problem = Problem.unavailable("A backing service is unavailable; try again shortly.");
      retryAfter = 1;
    } else if (failure instanceof HttpException e && e.getStatusCode() < 500) {
      problem = forStatus(e.getStatusCode());
    } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      problem = forStatus(ctx.statusCode());
    } else {
      LOG.error("Unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      problem = Problem.internal();
    }
    if (retryAfter > 0) {
      response.putHeader("Retry-After", Long.toString(retryAfter));
    }
    response.setStatusCode(problem.status())
      .putHeader("Content-Type", Problem.CONTENT_TYPE)
      .end(problem.toJson().toBuffer());
  }

  /** Problems for the statuses that the router itself produces. */
  static Problem forStatus(int status) {
    return switch (status) {
      case 400 -> Problem.badRequest("The request is malformed.");
      case 401 -> Problem.unauthorized("A valid access token is required.");
      case 403 -> Problem.forbidden("You are not allowed to do this.");
      case 404 -> Problem.notFound("There is nothing at this address.");
      case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed", "This address does not accept that method.");
      case 413 -> Problem.of(413, "payload-too-large", "Payload too large", "The body is larger than this API accepts.");
      case 414 -> Problem.of(414, "uri-too-long", "URI too long", "The address is longer than this API accepts.");
      case 415 -> Problem.of(415, "unsupported-media-type", "Unsupported media type", "The body must be JSON.");
      case 429 -> Problem.tooManyRequests("Slow down and retry later.");
      default -> Problem.of(status, "http-" + status, "Request refused", "The request was refused.");
    };
  }

  private static boolean isStoreUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof SocketException || t instanceof ClosedChannelException
        || t instanceof ClosedConnectionException || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
