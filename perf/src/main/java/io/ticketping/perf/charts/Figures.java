package io.ticketping.perf.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The figures of one harness run, as {@code perf/bench} writes them to {@code results.txt}: one {@code key=value} a
 * line (a later line wins, as the harness's own {@code get} reads them); lines starting with {@code #} are notes.
 */
public record Figures(String source, Map<String, String> values) {

  public Figures {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Figures read(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return new Figures(file.toString(), values);
  }

  /** The figure as a number; empty when it is missing or not a positive number ("n/a", a negative "none" marker). */
  public OptionalDouble positive(String key) {
    String value = values.get(key);
    if (value == null) {
      return OptionalDouble.empty();
    }
    try {
      double number = Double.parseDouble(value);
      return number > 0 && Double.isFinite(number) ? OptionalDouble.of(number) : OptionalDouble.empty();
    } catch (NumberFormatException notANumber) {
      return OptionalDouble.empty();
    }
  }

  /** The first of the keys that holds a positive number, else empty. */
  public OptionalDouble positive(String key, String fallback) {
    OptionalDouble first = positive(key);
    return first.isPresent() ? first : positive(fallback);
  }
}
