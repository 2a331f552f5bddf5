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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the request body as a JSON object and validates it against a JSON schema ({@code schemas/<name>.json}) at
 * the edge, before any handler sees it. Every refusal is a 4xx problem naming the field, never a 500.
 */
public final class JsonBody implements Handler<RoutingContext> {

  private static final String KEY = "ticketping.body";
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
  /** Deeper in the body first, then deeper in the schema: see {@link #firstError}. */
  private static final Comparator<OutputUnit> SPECIFICITY = Comparator
    .comparingInt((OutputUnit error) -> depth(error.getInstanceLocation()))
    .thenComparingInt(error -> depth(error.getKeywordLocation()));

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

  /**
   * The most specific error. The validator also reports every enclosing object of a bad field as failing (a bad
   * {@code layout.rows} fails {@code layout} too), so the first error would often name only the outer object: take
   * the error deepest in the body, and among those the one deepest in the schema ({@code required} and
   * {@code additionalProperties} sit on the enclosing object, one schema level below its umbrella error).
   */
  private static OutputUnit firstError(OutputUnit result) {
    OutputUnit best = result;
    for (OutputUnit error : leaves(result, new ArrayList<>())) {
      if (best == result || SPECIFICITY.compare(error, best) > 0) {
        best = error;
      }
    }
    return best;
  }

  private static List<OutputUnit> leaves(OutputUnit unit, List<OutputUnit> into) {
    if (unit.getErrors() == null || unit.getErrors().isEmpty()) {
      into.add(unit);
    } else {
      unit.getErrors().forEach(error -> leaves(error, into));
    }
    return into;
  }

  private static int depth(String location) {
    return location == null ? 0 : (int) location.chars().filter(c -> c == '/').count();
  }

  /** Turns a schema error into a problem that names the field and says what is expected of it. */
  private Problem describe(OutputUnit error) {
    String keywordLocation = String.valueOf(error.getKeywordLocation());
    String keyword = keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
    String field = fieldOf(error);
    JsonObject rule = field == null ? null : ruleAt(field);
    String detail = switch (keyword) {
      case "required" -> "'" + field + "' is required.";
      case "additionalProperties", "unevaluatedProperties" -> "'" + field + "' is not a known field.";
      case "type" -> field == null ? "The body must be a JSON object." : typeDetail(field, rule, error);
      case "minLength" -> "'" + field + "' must be at least " + limit(rule, keyword) + " characters.";
      case "maxLength" -> "'" + field + "' must be at most " + limit(rule, keyword) + " characters.";
      case "minimum" -> "'" + field + "' must be at least " + limit(rule, keyword) + ".";
      case "maximum" -> "'" + field + "' must be at most " + limit(rule, keyword) + ".";
      case "minItems" -> "'" + field + "' must list at least " + limit(rule, keyword) + " items.";
      case "maxItems" -> "'" + field + "' must list at most " + limit(rule, keyword) + " items.";
      case "uniqueItems" -> "'" + field + "' must not list the same item twice.";
      case "pattern", "format" -> "'" + field + "' is not well-formed.";
      default -> "'" + field + "' is invalid: " + error.getError();
    };
    return Problem.invalidField(field, detail);
  }

  /** "'x' must be a string", or for an item of an array "'seatIds' must hold only integers". */
  private static String typeDetail(String field, JsonObject rule, OutputUnit error) {
    boolean item = String.valueOf(error.getInstanceLocation()).matches(".*/\\d+$");
    if (item && rule != null && rule.getValue("items") instanceof JsonObject items) {
      return "'" + field + "' must hold only " + items.getValue("type") + "s.";
    }
    return "'" + field + "' must be " + typeName(rule) + ".";
  }

  private static Object limit(JsonObject rule, String keyword) {
    Object value = rule == null ? null : rule.getValue(keyword);
    if (value == null && rule != null && rule.getValue("items") instanceof JsonObject items) {
      return limit(items, keyword);
    }
    return value == null ? "the allowed" : value;
  }

  private static String typeName(JsonObject rule) {
    Object type = rule == null ? null : rule.getValue("type");
    if (type instanceof JsonArray types) {
      return "a " + String.join(" or a ", types.stream().map(String::valueOf).toList());
    }
    return type == null ? "a value of another type" : "a " + type;
  }

  /**
   * The dotted path of the offending field, array indexes left out ({@code layout.grades.price}). "required" and
   * "additionalProperties" errors sit on the enclosing object; their message quotes the property.
   */
  private static String fieldOf(OutputUnit error) {
    String location = String.valueOf(error.getInstanceLocation()).replaceFirst("^#?/?", "");
    String path = String.join(".", java.util.Arrays.stream(location.split("/"))
      .filter(part -> !part.isEmpty() && !part.chars().allMatch(Character::isDigit)).toList());
    String keywordLocation = String.valueOf(error.getKeywordLocation());
    if (keywordLocation.endsWith("/required") || keywordLocation.endsWith("Properties")) {
      Matcher quoted = QUOTED.matcher(String.valueOf(error.getError()));
      if (quoted.find()) {
        String name = quoted.group(1);
        return path.isEmpty() ? name : path.equals(name) || path.endsWith("." + name) ? path : path + "." + name;
      }
    }
    return path.isEmpty() ? null : path;
  }

  /** The schema of the field at a dotted path, stepping through arrays' items; null when the schema has none. */
  private JsonObject ruleAt(String field) {
    JsonObject rule = schema;
    for (String name : field.split("\\.")) {
      while (rule != null && rule.containsKey("items")) {
        rule = rule.getJsonObject("items");
      }
      rule = rule == null ? null : rule.getJsonObject("properties", new JsonObject()).getJsonObject(name);
    }
    while (rule != null && rule.containsKey("items") && !"array".equals(rule.getValue("type"))) {
      rule = rule.getJsonObject("items");
    }
    return rule;
  }
}
