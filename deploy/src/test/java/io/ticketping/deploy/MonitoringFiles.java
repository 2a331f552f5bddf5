package io.ticketping.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files under {@code deploy/monitoring}, and the metric names their PromQL expressions query. */
final class MonitoringFiles {

  static final Path DIR = Path.of("monitoring");
  static final Path PROMETHEUS = DIR.resolve("prometheus.yml");
  static final Path ALERTS = DIR.resolve("alerts.yml");
  /** promtool unit tests of {@link #ALERTS}. */
  static final Path RULE_TESTS = DIR.resolve("alerts-test.yml");
  static final Path ALERTMANAGER = DIR.resolve("alertmanager.yml");
  static final Path DASHBOARD = DIR.resolve("grafana/dashboards/ticketping-sale-day.json");

  /** Series Prometheus itself makes for every target; no code exports them. */
  private static final Set<String> SYNTHETIC = Set.of("up");
  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
    "and", "or", "unless", "bool", "offset");
  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
  private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

  private MonitoringFiles() {
  }

  /** Every alert rule: the maps under {@code groups[*].rules[*]}. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> alertRules() {
    List<Map<String, Object>> rules = new ArrayList<>();
    Map<String, Object> file = yaml(ALERTS);
    for (Object group : (List<Object>) file.get("groups")) {
      rules.addAll((List<Map<String, Object>>) ((Map<String, Object>) group).get("rules"));
    }
    return rules;
  }

  /** Every {@code alert_rule_test} case of {@link #RULE_TESTS}: alertname, eval_time, exp_alerts. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> ruleTestCases() {
    List<Map<String, Object>> cases = new ArrayList<>();
    for (Object test : (List<Object>) yaml(RULE_TESTS).get("tests")) {
      cases.addAll((List<Map<String, Object>>) ((Map<String, Object>) test).get("alert_rule_test"));
    }
    return cases;
  }

  /** Every input series of {@link #RULE_TESTS}, as written: {@code name{label="value",...}}. */
  @SuppressWarnings("unchecked")
  static List<String> ruleTestSeries() {
    List<String> series = new ArrayList<>();
    for (Object test : (List<Object>) yaml(RULE_TESTS).get("tests")) {
      for (Object input : (List<Object>) ((Map<String, Object>) test).get("input_series")) {
        series.add(String.valueOf(((Map<String, Object>) input).get("series")));
      }
    }
    return series;
  }

  static JsonObject dashboard() {
    return new JsonObject(read(DASHBOARD));
  }

  /** Every PromQL expression of the dashboard's panels. */
  static List<String> dashboardExpressions() {
    List<String> exprs = new ArrayList<>();
    for (Object panel : dashboard().getJsonArray("panels", new JsonArray())) {
      for (Object target : ((JsonObject) panel).getJsonArray("targets", new JsonArray())) {
        String expr = ((JsonObject) target).getString("expr");
        if (expr != null) {
          exprs.add(expr);
        }
      }
    }
    return exprs;
  }

  /** The metric names that the dashboard and the alert rules query, in Prometheus form. */
  static Set<String> referencedMetricNames() {
    List<String> exprs = new ArrayList<>(dashboardExpressions());
    alertRules().forEach(rule -> exprs.add(String.valueOf(rule.get("expr"))));
    Set<String> names = new TreeSet<>();
    exprs.forEach(expr -> names.addAll(metricNames(expr)));
    names.removeAll(SYNTHETIC);
    return names;
  }

  /** The metric names in one PromQL expression: identifiers that are not functions, keywords or labels. */
  static Set<String> metricNames(String expr) {
    String bare = GROUPING.matcher(MATCHERS.matcher(STRINGS.matcher(expr).replaceAll("\"\"")).replaceAll(""))
      .replaceAll("");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      if (m.group(2) == null && !KEYWORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  static Map<String, Object> yaml(Path path) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(read(path));
  }

  static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
