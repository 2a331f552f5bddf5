package io.ticketping.gateway.web;

import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorException;

import java.util.List;
import java.util.Map;

/**
 * Validates one operation's requests against the API document ({@link ApiContract}) at the edge, before any handler
 * sees them: the parameters it declares and its JSON body. Every refusal is a 4xx problem naming the field, never a
 * 500. The body must be a JSON object sent as JSON (or without a Content-Type); an optional one may be left out, and
 * {@link #body} is then null.
 *
 * <p>The checks run on the event loop, against schema validators built once per operation ({@link ParameterCheck}), the
 * body decoded once. vertx-openapi's own request validator hands every request to {@code executeBlocking}, ordered per
 * context (one gateway instance's validations would queue behind each other on one worker at a time, two thread hops
 * each), and builds a schema validator per parameter and body of every request.
 */
public final class ContractValidation implements Handler<RoutingContext> {

  private static final String KEY = "ticketping.body";
  private static final RequestExtractor EXTRACTOR = RequestExtractor.withBodyHandler();

  private final Operation operation;
  private final List<ParameterCheck> parameters;
  private final Validator bodySchema;
  private final ValidationProblems problems;

  /** {@code bodySchema}: the validator of the operation's JSON body schema, null when it takes no body. */
  ContractValidation(Operation operation, List<ParameterCheck> parameters, Validator bodySchema,
                     ValidationProblems problems) {
    this.operation = operation;
    this.parameters = parameters;
    this.bodySchema = bodySchema;
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
    extracted.map(request -> {
      validateParameters(request);
      validateBody(body(ctx));
      return request;
    })
      .onSuccess(valid -> ctx.next())
      .onFailure(e -> ctx.fail(problems.of(e).toException()));
  }

  /** Every parameter the operation declares; throws at the first refusal. */
  private void validateParameters(ValidatableRequest request) {
    for (ParameterCheck check : parameters) {
      Map<String, RequestParameter> values = switch (check.parameter().getIn()) {
        case COOKIE -> request.getCookies();
        case HEADER -> request.getHeaders();
        case PATH -> request.getPathParameters();
        case QUERY -> request.getQuery();
      };
      check.check(values.get(check.parameter().getName()));
    }
  }

  /** The body already decoded by {@link #refusedBody} (null when an optional one was left out), against its schema. */
  private void validateBody(JsonObject body) {
    if (bodySchema == null || body == null) {
      return;
    }
    OutputUnit result = bodySchema.validate(body);
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createInvalidValueBody(result, ValidationContext.REQUEST, e);
    }
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
}
