package io.ticketping.shared.bus;

import io.ticketping.shared.observability.RequestIds;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * The service side of gateway → service calls: a request/reply consumer that answers a JSON object, or fails the
 * message with the HTTP status as code and a {@link Problem} as JSON body, so the gateway can pass it on unchanged
 * whether the service runs in its JVM or another. The caller's request id (a delivery header) is bound to the message's
 * own context, so every log line written while handling it names that id.
 */
public final class ServiceEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoints.class);
  /**
   * The problem member that carries a {@link ProblemException#retryAfterSeconds()} to the gateway, which answers it as
   * the {@code Retry-After} header.
   */
  public static final String RETRY_AFTER = "retryAfter";

  private ServiceEndpoints() {
  }

  /** Registers {@code handler} at {@code address}; completes once the registration has propagated. */
  public static Future<Void> serve(Vertx vertx, String address, Function<JsonObject, Future<JsonObject>> handler) {
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address, message -> {
      RequestIds.bind(message.headers().get(RequestIds.HEADER));
      LOG.debug("Request to {}", address);
      Future<JsonObject> reply;
      try {
        reply = handler.apply(RequestFields.body(message.body()));
      } catch (RuntimeException e) {
        // Bad input throws a ProblemException (4xx); anything else is a bug, answered as a logged 500.
        reply = Future.failedFuture(e);
      }
      reply.onSuccess(message::reply).onFailure(cause -> fail(message, address, cause));
    });
    return consumer.completion();
  }

  private static void fail(Message<Object> message, String address, Throwable cause) {
    Problem problem;
    if (cause instanceof ProblemException e) {
      // The Retry-After of the problem (an open circuit breaker's reset time, say) crosses the bus in its body.
      problem = e.retryAfterSeconds() > 0 ? e.problem().with(RETRY_AFTER, e.retryAfterSeconds()) : e.problem();
    } else {
      LOG.error("Request to {} failed", address, cause);
      problem = Problem.internal();
    }
    message.fail(problem.status(), problem.toJson().encode());
  }
}
