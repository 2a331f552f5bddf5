package io.ticketping.perf.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts by whole value (milliseconds), as the load tools write them: one {@code <value> <count>} a line, lines
 * starting with {@code #} are notes (the first one names the measurement). Several files add up: the harness's stream
 * processes each write their own.
 */
record Histogram(String name, TreeMap<Long, Long> counts) {

  Histogram {
    counts = new TreeMap<>(counts);
  }

  /** The files added up; named by the first note of the first file that has one, else {@code fallbackName}. */
  static Histogram read(List<Path> files, String fallbackName) throws IOException {
    TreeMap<Long, Long> counts = new TreeMap<>();
    String name = null;
    for (Path file : files) {
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.trim();
        if (trimmed.startsWith("#")) {
          name = name == null ? trimmed.substring(1).trim() : name;
        } else if (!trimmed.isEmpty()) {
          String[] fields = trimmed.split("\\s+");
          counts.merge(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long::sum);
        }
      }
    }
    return new Histogram(name == null || name.isEmpty() ? fallbackName : name, counts);
  }

  long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The smallest value with at least {@code percent} % of the counts at or below it (as the harness's own percentiles
   * are taken); -1 when empty.
   */
  long percentile(double percent) {
    long total = total();
    if (total == 0) {
      return -1;
    }
    long wanted = Math.max(1, (long) Math.ceil(total * percent / 100));
    long seen = 0;
    for (Map.Entry<Long, Long> e : counts.entrySet()) {
      seen += e.getValue();
      if (seen >= wanted) {
        return e.getKey();
      }
    }
    return counts.lastKey();
  }

  /** The cumulative share in percent at each value, labelled with the value; values below {@code floor} at it. */
  List<Series.Point> cumulative(double floor) {
    double total = total();
    List<Series.Point> points = new ArrayList<>();
    long seen = 0;
    for (Map.Entry<Long, Long> e : counts.entrySet()) {
      seen += e.getValue();
      points.add(new Series.Point(Math.max(floor, e.getKey()), 100 * seen / total, Numbers.count(e.getKey()) + " ms"));
    }
    return points;
  }
}
