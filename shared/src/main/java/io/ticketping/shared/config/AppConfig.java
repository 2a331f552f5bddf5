package io.ticketping.shared.config;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads the configuration: the defaults in {@code conf/application.json} (shipped on the classpath), an optional file
 * named by {@code TICKETPING_CONFIG_FILE} merged over them, then one environment variable per leaf key.
 *
 * <p>The variable for {@code rateLimit.perIpCapacity} is {@code TICKETPING_RATE_LIMIT_PER_IP_CAPACITY}: the prefix, then
 * each path segment in upper snake case, joined by underscores. Values are parsed to the type of the default, so an
 * override can never turn a number into a string.
 */
public final class AppConfig {

  public static final String ENV_PREFIX = "TICKETPING_";
  public static final String CONFIG_FILE_ENV = ENV_PREFIX + "CONFIG_FILE";
  private static final String DEFAULTS_RESOURCE = "application.json";

  private AppConfig() {
  }

  /** The effective configuration of this process. */
  public static JsonObject load() {
    return load(System.getenv());
  }

  static JsonObject load(Map<String, String> env) {
    JsonObject config = defaults();
    String file = env.get(CONFIG_FILE_ENV);
    if (file != null && !file.isBlank()) {
      config.mergeIn(readFile(Path.of(file)), true);
    }
    return withEnvironment(config, env);
  }

  /** The defaults from {@code conf/application.json}. */
  public static JsonObject defaults() {
    try (InputStream in = AppConfig.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is not on the classpath");
      }
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of {@code config} with every leaf that has an environment variable replaced by its value. */
  public static JsonObject withEnvironment(JsonObject config, Map<String, String> env) {
    JsonObject copy = config.copy();
    override(copy, ENV_PREFIX, env);
    return copy;
  }

  /** The environment variable that overrides the key at {@code path} (segments separated by dots). */
  public static String envName(String path) {
    StringBuilder name = new StringBuilder(ENV_PREFIX);
    String[] segments = path.split("\\.");
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        name.append('_');
      }
      name.append(upperSnake(segments[i]));
    }
    return name.toString();
  }

  /**
   * The {@code TICKETPING_*} variables of {@code env} that name no key of {@code config} and are not among
   * {@code others} (variables read elsewhere), each with the nearest known name: a mistyped override is otherwise
   * silently ignored.
   */
  public static List<String> unknownVariables(JsonObject config, Map<String, String> env, Set<String> others) {
    Set<String> known = new TreeSet<>(others);
    known.add(CONFIG_FILE_ENV);
    collectNames(config, ENV_PREFIX, known);
    List<String> unknown = new ArrayList<>();
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith(ENV_PREFIX) && !known.contains(name)) {
        String nearest = known.stream().min(Comparator.comparingInt(k -> distance(name, k))).orElse("");
        unknown.add(name + " (did you mean " + nearest + "?)");
      }
    }
    return unknown;
  }

  private static void collectNames(JsonObject node, String prefix, Set<String> names) {
    for (String key : node.fieldNames()) {
      String name = prefix + upperSnake(key);
      if (node.getValue(key) instanceof JsonObject child) {
        collectNames(child, name + "_", names);
      } else {
        names.add(name);
      }
    }
  }

  /** Edit distance between two names (insertions, deletions, substitutions). */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static void override(JsonObject node, String prefix, Map<String, String> env) {
    for (String key : node.fieldNames()) {
      Object value = node.getValue(key);
      String name = prefix + upperSnake(key);
      if (value instanceof JsonObject child) {
        override(child, name + "_", env);
      } else if (env.containsKey(name)) {
        node.put(key, parse(name, env.get(name), value));
      }
    }
  }

  private static Object parse(String name, String raw, Object template) {
    try {
      if (template instanceof Integer) {
        return Integer.parseInt(raw.trim());
      }
      if (template instanceof Long) {
        return Long.parseLong(raw.trim());
      }
      if (template instanceof Number) {
        return Double.parseDouble(raw.trim());
      }
      if (template instanceof Boolean) {
        String v = raw.trim().toLowerCase();
        if (!v.equals("true") && !v.equals("false")) {
          throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(v);
      }
      return raw;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + "=" + raw + " is not a valid " + template.getClass().getSimpleName(), e);
    }
  }

  private static String upperSnake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
  }

  private static JsonObject readFile(Path path) {
    try {
      return new JsonObject(Files.readString(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CONFIG_FILE_ENV + "=" + path, e);
    }
  }
}
