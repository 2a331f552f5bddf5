package io.ticketping.gateway.web;

import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorException;

import java.util.Map;

/**
 * Validates one operation's requests against the API document ({@link ApiContract}) at the edge, before any handler
 * sees them: the parameters it declares and its JSON body. Every refusal is a 4xx problem naming the field, never a
 * 500. The body must be a JSON object sent as JSON (or without a Content-Type); an optional one may be left out, and
 * {@link #body} is then null.
 */
public final class ContractValidation implements Handler<RoutingContext> {

  private static final String KEY = "ticketping.body";
  private static final RequestExtractor EXTRACTOR = RequestExtractor.withBodyHandler();
  private static final String JSON = "application/json";

  private final RequestValidator validator;
  private final Operation operation;
  private final ValidationProblems problems;

  ContractValidation(RequestValidator validator, Operation operation, ValidationProblems problems) {
    this.validator = validator;
    this.operation = operation;
    this.problems = problems;
  }

  /**
   * The validated body, for handlers placed after the validation of an operation that takes one; null when the
   * operation's body is optional and none was sent.
   */
  public static JsonObject body(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    // A body the document makes optional (entering a queue) is checked only when one was sent.
    if (operation.getRequestBody() != null && (operation.getRequestBody().isRequired() || !ctx.body().isEmpty())) {
      Problem refused = refusedBody(ctx);
      if (refused != null) {
        ctx.fail(refused.toException());
        return;
      }
    }
    Future<ValidatableRequest> extracted;
    try {
      extracted = EXTRACTOR.extractValidatableRequest(ctx, operation);
    } catch (ValidatorException e) {
      // A parameter that cannot even be URL-decoded is refused before the future exists.
      extracted = Future.failedFuture(e);
    }
    extracted.compose(request -> validator.validate(asJson(request), operation.getOperationId()))
      .onSuccess(valid -> ctx.next())
      .onFailure(e -> ctx.fail(problems.of(e).toException()));
  }

  /** A body that is no JSON object, or not sent as JSON, is refused before the schema is asked; else kept. */
  private static Problem refusedBody(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType != null && !contentType.toLowerCase().contains("json")) {
      return Problem.of(415, "unsupported-media-type", "Unsupported media type",
        "The body must be JSON (Content-Type: application/json).");
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      return Problem.badRequest("The body is not a valid JSON object.");
    }
    if (body == null) {
      return Problem.badRequest("A JSON object body is required.");
    }
    ctx.put(KEY, body);
    return null;
  }

  /** The request as the document's JSON body, whatever JSON-ish Content-Type (or none) it came with. */
  private static ValidatableRequest asJson(ValidatableRequest request) {
    return new ValidatableRequest() {
      @Override
      public Map<String, RequestParameter> getCookies() {
        return request.getCookies();
      }

      @Override
      public Map<String, RequestParameter> getHeaders() {
        return request.getHeaders();
      }

      @Override
      public Map<String, RequestParameter> getPathParameters() {
        return request.getPathParameters();
      }

      @Override
      public Map<String, RequestParameter> getQuery() {
        return request.getQuery();
      }

      @Override
      public RequestParameter getBody() {
        return request.getBody();
      }

      @Override
      public String getContentType() {
        return JSON;
      }
    };
  }
}
