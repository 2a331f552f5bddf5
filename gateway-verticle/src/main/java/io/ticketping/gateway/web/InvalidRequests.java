package io.ticketping.gateway.web;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.ticketping.shared.problem.Problem;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers requests that HTTP decoding already refused (a header or request line over the limits, a malformed request)
 * with the API's problem body instead of a bare status, then closes the connection as HTTP requires.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {

  @Override
  public void handle(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result == null ? null : result.cause();
    int status = 400;
    if (cause instanceof TooLongFrameException) {
      String message = String.valueOf(cause.getMessage());
      status = message.contains("header") ? 431 : 414;
    }
    Problem problem = status == 431
      ? Problem.of(431, "headers-too-large", "Request headers too large", "The request headers are larger than this API accepts.")
      : status == 414
        ? ProblemResponder.forStatus(414)
        : Problem.badRequest("The HTTP request is malformed.");
    request.response()
      .setStatusCode(status)
      .putHeader("Content-Type", Problem.CONTENT_TYPE)
      .putHeader("Connection", "close")
      .end(problem.toJson().toBuffer())
      .onComplete(done -> request.connection().close());
  }
}
