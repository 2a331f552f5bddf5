package io.ticketping.gateway.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.List;
import java.util.Set;

/**
 * The API's OpenAPI document ({@code openapi/ticketping.yaml} on the classpath): the one description of every route,
 * served at {@code /openapi.yaml}, and what the requests that carry input are validated against. Loaded once per
 * verticle instance at start.
 */
public final class ApiContract {

  /** The document on the classpath. */
  public static final String DOCUMENT = "openapi/ticketping.yaml";

  private static final Set<String> MODELLED_CONTENT = Set.of("application/json", "text/plain");

  private final OpenAPIContract contract;

  private ApiContract(OpenAPIContract contract) {
    this.contract = contract;
  }

  /** Reads and checks the document (a broken one fails the start) without blocking. */
  public static Future<ApiContract> load(Vertx vertx) {
    return vertx.fileSystem().readFile(DOCUMENT)
      .map(text -> new JsonObject(Json.encode(new Yaml(new SafeConstructor(new LoaderOptions())).load(text.toString()))))
      .compose(document -> OpenAPIContract.from(vertx, withoutOtherContent(document)))
      .map(ApiContract::new);
  }

  /**
   * The document as the request validator takes it. vertx-openapi models only JSON, text and multipart bodies and
   * refuses a document with others, so the answers' {@code application/problem+json} and {@code text/event-stream}
   * bodies (answers, which it never validates) are left out of its copy; the requests' are all JSON.
   */
  private static JsonObject withoutOtherContent(JsonObject node) {
    for (String key : node.fieldNames()) {
      if (node.getValue(key) instanceof JsonObject child) {
        if ("content".equals(key)) {
          child.fieldNames().removeIf(type -> !MODELLED_CONTENT.contains(type));
        }
        withoutOtherContent(child);
      } else if (node.getValue(key) instanceof JsonArray items) {
        items.stream().filter(JsonObject.class::isInstance).forEach(item -> withoutOtherContent((JsonObject) item));
      }
    }
    return node;
  }

  public OpenAPIContract contract() {
    return contract;
  }

  /**
   * The guard that validates a request of {@code operationId} (its parameters and its JSON body) against the
   * document; place it where the route's input is first needed. Fails at once for an operation the document lacks.
   */
  public Handler<RoutingContext> validates(String operationId) {
    Operation operation = contract.operation(operationId);
    if (operation == null) {
      throw new IllegalArgumentException("The API document has no operation " + operationId);
    }
    SchemaRepository schemas = contract.getSchemaRepository();
    List<ParameterCheck> parameters = operation.getParameters().stream()
      .map(parameter -> new ParameterCheck(parameter, schemas)).toList();
    Validator bodySchema = operation.getRequestBody() == null ? null
      : schemas.validator(operation.getRequestBody().getContent().get(MediaType.APPLICATION_JSON).getSchema());
    return new ContractValidation(operation, parameters, bodySchema, new ValidationProblems(this, operation));
  }

  /**
   * As {@link #validates}, for a hot route whose body is optional: a request without a body goes on as if the route
   * took none (no validator call; its parameters are checked where they are used), one with a body is validated.
   */
  public Handler<RoutingContext> validatesIfBody(String operationId) {
    Handler<RoutingContext> validation = validates(operationId);
    return ctx -> {
      if (ctx.body().isEmpty()) {
        ctx.next();
      } else {
        validation.handle(ctx);
      }
    };
  }

  /**
   * The schema at a JSON pointer of the document ({@code #/components/schemas/SeatHold}), with a {@code $ref} at
   * that place followed; null when there is none.
   */
  public JsonObject schemaAt(String pointer) {
    return resolve(at(pointer));
  }

  /** The schema itself, or the one its {@code $ref} (within this document) points at. */
  JsonObject resolve(JsonObject schema) {
    for (int hops = 0; schema != null && schema.getValue("$ref") instanceof String ref && hops < 8; hops++) {
      schema = ref.startsWith("#/") ? at(ref) : null;
    }
    return schema;
  }

  private JsonObject at(String pointer) {
    Object node = contract.getRawContract();
    for (String step : pointer.replaceFirst("^#/", "").split("/")) {
      node = node instanceof JsonObject object ? object.getValue(step.replace("~1", "/").replace("~0", "~")) : null;
    }
    return node instanceof JsonObject schema ? schema : null;
  }
}
