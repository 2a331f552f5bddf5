package io.ticketping.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /metrics} (Prometheus text format), read into samples that tests can look up. */
final class Scrape {

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Sample(String name, Map<String, String> labels, double value) {
  }

  final String text;
  final List<Sample> samples = new ArrayList<>();

  Scrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.find()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
  }

  /** Every sample name (histograms appear as their _bucket, _count and _sum series). */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.forEach(s -> names.add(s.name()));
    return names;
  }

  /** The sum of the samples of {@code name} whose labels include {@code labels} (key, value pairs); NaN if none. */
  double value(String name, String... labels) {
    double sum = 0;
    boolean found = false;
    for (Sample s : samples) {
      if (s.name().equals(name) && matches(s.labels(), labels)) {
        sum += s.value();
        found = true;
      }
    }
    return found ? sum : Double.NaN;
  }

  /** The samples of {@code name}, for assertions over every series of a meter. */
  List<Sample> all(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static boolean matches(Map<String, String> actual, String[] wanted) {
    for (int i = 0; i + 1 < wanted.length; i += 2) {
      if (!wanted[i + 1].equals(actual.get(wanted[i]))) {
        return false;
      }
    }
    return true;
  }
}
