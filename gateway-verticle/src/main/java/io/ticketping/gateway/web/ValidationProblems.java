package io.ticketping.gateway.web;

import io.ticketping.shared.problem.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the document's validator refused in a request of one operation into the API's problem: 400 naming the
 * field (a body member's dotted path such as {@code layout.grades.price}, or a parameter's name) and saying what is
 * expected of it.
 */
final class ValidationProblems {

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
  /** Deeper in the body first, then deeper in the schema: see {@link #mostSpecific}. */
  private static final Comparator<OutputUnit> SPECIFICITY = Comparator
    .comparingInt((OutputUnit error) -> depth(error.getInstanceLocation()))
    .thenComparingInt(error -> depth(error.getKeywordLocation()));

  private final ApiContract contract;
  private final Operation operation;
  private final JsonObject bodySchema;

  ValidationProblems(ApiContract contract, Operation operation) {
    this.contract = contract;
    this.operation = operation;
    MediaType json = operation.getRequestBody() == null ? null
      : operation.getRequestBody().getContent().get("application/json");
    this.bodySchema = json == null ? null : contract.resolve(json(json.getSchema()));
  }

  /** The problem for a failed validation; anything but a refusal of the request is an internal error. */
  Problem of(Throwable failure) {
    if (!(failure instanceof ValidatorException refused)) {
      return Problem.internal();
    }
    Parameter parameter = parameterOf(refused);
    if (parameter == null) {
      return refused instanceof SchemaValidationException schema
        ? describe(mostSpecific(schema.getOutputUnit()), bodySchema, null)
        : Problem.badRequest("The request is malformed.");
    }
    String name = parameter.getName();
    if (refused.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER) {
      return Problem.invalidField(name, "'" + name + "' is required.");
    }
    if (refused instanceof SchemaValidationException schema) {
      return describe(mostSpecific(schema.getOutputUnit()), contract.resolve(json(parameter.getSchema())), name);
    }
    return Problem.invalidField(name, "'" + name + "' is not well-formed.");
  }

  /** The parameter the refusal is about (its message names it), or null for the body. */
  private Parameter parameterOf(ValidatorException refused) {
    String message = String.valueOf(refused.getMessage());
    for (Parameter parameter : operation.getParameters()) {
      if (message.contains(" parameter " + parameter.getName())) {
        return parameter;
      }
    }
    return null;
  }

  /** A schema of the document as JSON, to read its limits from. */
  private static JsonObject json(JsonSchema schema) {
    if (schema == null) {
      return null;
    }
    JsonObject json = new JsonObject();
    for (String key : schema.fieldNames()) {
      json.put(key, schema.<Object>get(key));
    }
    return json;
  }

  /**
   * The most specific error. The validator also reports every enclosing object of a bad field as failing (a bad
   * {@code layout.rows} fails {@code layout} too), so the first error would often name only the outer object: take
   * the error deepest in the body, and among those the one deepest in the schema ({@code required} and
   * {@code additionalProperties} sit on the enclosing object, one schema level below its umbrella error).
   */
  private static OutputUnit mostSpecific(OutputUnit result) {
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

  /**
   * A schema error as a problem that names the field and says what is expected of it. {@code parameter}: the name
   * of the parameter whose value failed {@code root}, or null for the body.
   */
  private Problem describe(OutputUnit error, JsonObject root, String parameter) {
    String keywordLocation = String.valueOf(error.getKeywordLocation());
    String keyword = keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
    String field = parameter != null ? parameter : fieldOf(error);
    JsonObject rule = parameter != null ? root : field == null ? null : ruleAt(root, field);
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
    String path = String.join(".", Arrays.stream(location.split("/"))
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

  /** The schema of the body member at a dotted path, stepping through arrays' items; null when there is none. */
  private JsonObject ruleAt(JsonObject root, String field) {
    JsonObject rule = root;
    for (String name : field.split("\\.")) {
      while (rule != null && rule.containsKey("items")) {
        rule = contract.resolve(rule.getJsonObject("items"));
      }
      rule = rule == null ? null : contract.resolve(rule.getJsonObject("properties", new JsonObject()).getJsonObject(name));
    }
    while (rule != null && rule.containsKey("items") && !"array".equals(rule.getValue("type"))) {
      rule = contract.resolve(rule.getJsonObject("items"));
    }
    return rule;
  }
}
