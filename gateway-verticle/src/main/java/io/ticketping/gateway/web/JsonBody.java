package io.ticketping.gateway.web;

import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the request body as a JSON object and validates it against a JSON schema ({@code schemas/<name>.json}) at
 * the edge, before any handler sees it. Every refusal is a 4xx problem naming the field, never a 500.
 */
public final class JsonBody implements Handler<RoutingContext> {

  private static final String KEY = "ticketping.body";
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  private final JsonObject schema;
  private final Validator validator;

  private JsonBody(JsonObject schema) {
    this.schema = schema;
    this.validator = Validator.create(JsonSchema.of(schema), new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012)
      .setBaseUri("urn:ticketping:schemas")
      .setOutputFormat(OutputFormat.Basic));
  }

  /** Reads {@code schemas/<name>.json} from the classpath without blocking. */
  public static Future<JsonBody> load(Vertx vertx, String name) {
    return vertx.fileSystem().readFile("schemas/" + name + ".json")
      .map(buffer -> new JsonBody(buffer.toJsonObject()));
  }

  /** The validated body, for handlers placed after this one. */
  public static JsonObject of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType != null && !contentType.toLowerCase().contains("json")) {
      ctx.fail(Problem.of(415, "unsupported-media-type", "Unsupported media type",
        "The body must be JSON (Content-Type: application/json).").toException());
      return;
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(Problem.badRequest("The body is not a valid JSON object.").toException());
      return;
    }
    if (body == null) {
      ctx.fail(Problem.badRequest("A JSON object body is required.").toException());
      return;
    }
    OutputUnit result = validator.validate(body);
    if (!Boolean.TRUE.equals(result.getValid())) {
      ctx.fail(describe(firstError(result)).toException());
      return;
    }
    ctx.put(KEY, body);
    ctx.next();
  }

  private static OutputUnit firstError(OutputUnit result) {
    OutputUnit error = result;
    while (error.getErrors() != null && !error.getErrors().isEmpty()) {
      error = error.getErrors().get(0);
    }
    return error;
  }

  /** Turns a schema error into a problem that names the field and says what is expected of it. */
  private Problem describe(OutputUnit error) {
    String keywordLocation = String.valueOf(error.getKeywordLocation());
    String keyword = keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
    String field = fieldOf(error);
    JsonObject rule = field == null ? null : schema.getJsonObject("properties", new JsonObject()).getJsonObject(field);
    String detail = switch (keyword) {
      case "required" -> "'" + field + "' is required.";
      case "additionalProperties", "unevaluatedProperties" -> "'" + field + "' is not a known field.";
      case "type" -> field == null
        ? "The body must be a JSON object."
        : "'" + field + "' must be " + typeName(rule) + ".";
      case "minLength" -> "'" + field + "' must be at least " + rule.getInteger("minLength") + " characters.";
      case "maxLength" -> "'" + field + "' must be at most " + rule.getInteger("maxLength") + " characters.";
      case "minimum" -> "'" + field + "' must be at least " + rule.getValue("minimum") + ".";
      case "maximum" -> "'" + field + "' must be at most " + rule.getValue("maximum") + ".";
      case "pattern", "format" -> "'" + field + "' is not well-formed.";
      default -> "'" + field + "' is invalid: " + error.getError();
    };
    return Problem.invalidField(field, detail);
  }

  private static String typeName(JsonObject rule) {
    Object type = rule == null ? null : rule.getValue("type");
    if (type instanceof JsonArray types) {
      return "a " + String.join(" or a ", types.stream().map(String::valueOf).toList());
    }
    return type == null ? "a value of another type" : "a " + type;
  }

  private static String fieldOf(OutputUnit error) {
    String location = String.valueOf(error.getInstanceLocation()).replaceFirst("^#?/?", "");
    if (!location.isEmpty()) {
      return location.split("/")[0];
    }
    // "required" and "additionalProperties" errors sit on the object itself; the message quotes the property.
    Matcher quoted = QUOTED.matcher(String.valueOf(error.getError()));
    return quoted.find() ? quoted.group(1) : null;
  }
}
