package io.ticketping.deploy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files under {@code deploy/monitoring}: structure only (no Prometheus or Grafana runs here). That every metric
 * name they query is exported is checked against a real scrape by {@link MetricsJourneyTest}.
 */
class MonitoringFilesTest {

  private static final Set<String> REQUIRED_ALERTS = Set.of("TicketPingQueueStalled", "TicketPingOutboxBacklogOld",
    "TicketPingEventDeadLettered", "TicketPingConsumerLagging", "TicketPingBreakerOpen", "TicketPingHighLatencyP99",
    "TicketPingCpuHigh", "TicketPingInstanceDown", "TicketPingServerErrors", "TicketPingNotReady");

  @Test
  @DisplayName("the alert rules are in Prometheus rule format: groups of rules, each with alert, expr, for, a "
    + "severity label and summary/description annotations")
  void alertRules() {
    List<Map<String, Object>> rules = MonitoringFiles.alertRules();
    assertThat(rules).extracting(r -> r.get("alert")).containsAll(REQUIRED_ALERTS).doesNotHaveDuplicates();
    for (Map<String, Object> rule : rules) {
      assertThat(rule).as("rule %s", rule.get("alert")).containsKeys("alert", "expr", "for", "labels", "annotations")
        .doesNotContainKey("record");
      assertThat(String.valueOf(rule.get("expr"))).isNotBlank();
      assertThat(String.valueOf(rule.get("for"))).matches("\\d+[smh]");
      assertThat(map(rule.get("labels")).get("severity")).isIn("page", "warning");
      assertThat(map(rule.get("annotations"))).containsKeys("summary", "description");
    }
  }

  @Test
  @DisplayName("promtool accepts the alert rules and the Prometheus configuration")
  void promtool() throws Exception {
    assertThat(Commands.find("promtool").isPresent()).as("promtool is not installed: run scripts/install-deps (Debian's prometheus)")
      .isTrue();
    assertThat(Commands.run("promtool", "check", "rules", MonitoringFiles.ALERTS.toString())).contains("SUCCESS");
    assertThat(Commands.run("promtool", "check", "config", MonitoringFiles.PROMETHEUS.toString())).contains("SUCCESS");
  }

  @Test
  @DisplayName("promtool's rule tests pass: each rule, fed series, fires when it should and stays quiet when not")
  void promtoolRuleTests() throws Exception {
    assertThat(Commands.find("promtool").isPresent()).as("promtool is not installed: run scripts/install-deps (Debian's prometheus)")
      .isTrue();
    assertThat(Commands.run("promtool", "test", "rules", MonitoringFiles.RULE_TESTS.toString()))
      .contains("SUCCESS");
  }

  @Test
  @DisplayName("every rule has a promtool case where it fires and one where it stays quiet; rules on a series with a "
    + "show label keep it on their alerts")
  void everyRuleTested() {
    List<Map<String, Object>> cases = MonitoringFiles.ruleTestCases();
    Set<String> showSeries = MonitoringFiles.ruleTestSeries().stream().filter(s -> s.contains("show=\""))
      .map(s -> s.substring(0, s.indexOf('{'))).collect(Collectors.toSet());
    for (Map<String, Object> rule : MonitoringFiles.alertRules()) {
      String alert = String.valueOf(rule.get("alert"));
      List<List<?>> expected = cases.stream().filter(c -> alert.equals(c.get("alertname")))
        .map(c -> (List<?>) c.get("exp_alerts")).collect(Collectors.toList());
      assertThat(expected).as("%s: a case where it stays quiet", alert).anySatisfy(e -> assertThat(e).isEmpty());
      assertThat(expected).as("%s: a case where it fires", alert).anySatisfy(e -> assertThat(e).isNotEmpty());
      if (MonitoringFiles.metricNames(String.valueOf(rule.get("expr"))).stream().anyMatch(showSeries::contains)) {
        expected.stream().flatMap(List::stream).forEach(e -> assertThat(map(map(e).get("exp_labels")))
          .as("%s fires with the show", alert).containsKey("show"));
      }
    }
  }

  @Test
  @DisplayName("Prometheus loads the rules and sends to Alertmanager; Alertmanager routes to a Discord receiver "
    + "whose webhook URL is read from a file, never written in the configuration")
  void prometheusAndAlertmanager() {
    Map<String, Object> prometheus = MonitoringFiles.yaml(MonitoringFiles.PROMETHEUS);
    assertThat(strings(prometheus.get("rule_files"))).contains("alerts.yml");
    assertThat(String.valueOf(prometheus.get("alerting"))).contains("alertmanager:9093");

    Map<String, Object> alertmanager = MonitoringFiles.yaml(MonitoringFiles.ALERTMANAGER);
    String receiver = String.valueOf(map(alertmanager.get("route")).get("receiver"));
    Map<String, Object> discord = ((List<?>) alertmanager.get("receivers")).stream().map(MonitoringFilesTest::map)
      .filter(r -> receiver.equals(r.get("name"))).findFirst().orElseThrow();
    Map<String, Object> config = map(((List<?>) discord.get("discord_configs")).get(0));
    assertThat(config).containsKey("webhook_url_file").doesNotContainKey("webhook_url");
    assertThat(MonitoringFiles.read(MonitoringFiles.ALERTMANAGER)).doesNotContain("discord.com/api/webhooks");
    assertThat(String.valueOf(config.get("title"))).as("the title names the alert and the show")
      .contains(".CommonLabels.alertname").contains(".CommonLabels.show");
  }

  @Test
  @DisplayName("the sale-day dashboard parses, uses the provisioned data source, and has a panel for each domain "
    + "series; Grafana provisions it and the data source from files")
  void dashboard() {
    JsonObject dashboard = MonitoringFiles.dashboard();
    assertThat(dashboard.getString("uid")).isEqualTo("ticketping-sale-day");
    List<?> datasources = (List<?>) MonitoringFiles.yaml(
      MonitoringFiles.DIR.resolve("grafana/provisioning/datasources/prometheus.yml")).get("datasources");
    String datasource = String.valueOf(map(datasources.get(0)).get("uid"));
    dashboard.getJsonArray("panels").stream().map(JsonObject.class::cast)
      .filter(p -> !"row".equals(p.getString("type")))
      .forEach(p -> assertThat(p.getJsonObject("datasource").getString("uid")).as(p.getString("title"))
        .isEqualTo(datasource));
    String queried = String.join("\n", MonitoringFiles.dashboardExpressions());
    for (String series : List.of("ticketping_queue_waiting", "ticketping_queue_working",
      "ticketping_queue_admitted_total", "ticketping_queue_last_eta_seconds", "ticketping_queue_passes_expired_total",
      "ticketping_queue_ghosts_dropped_total", "ticketping_queue_streams_open", "ticketping_holds_placed_total",
      "ticketping_holds_expired_total", "ticketping_seats_sold_total", "ticketping_seat_conflicts_total",
      "ticketping_payments_total", "ticketping_breaker_state", "ticketping_outbox_backlog",
      "ticketping_outbox_oldest_age_seconds", "ticketping_consumer_lag", "ticketping_events_dead_lettered_total",
      "vertx_http_server_response_time_seconds_bucket")) {
      assertThat(queried).as("a panel shows %s", series).contains(series);
    }
    Map<String, Object> provider = map(((List<?>) MonitoringFiles.yaml(
      MonitoringFiles.DIR.resolve("grafana/provisioning/dashboards/ticketping.yml")).get("providers")).get(0));
    assertThat(provider.get("type")).isEqualTo("file");
  }

  @Test
  @DisplayName("metric names are read out of PromQL: not functions, labels, keywords or label values")
  void namesFromPromql() {
    assertThat(MonitoringFiles.metricNames("histogram_quantile(0.99, sum by (le) (rate(a_bucket{job=\"x\", "
      + "route!=\"/b\"}[5m]))) > 0.05 and on (show) max by (show) (c_total) == 1 or up{job=~\"t-.*\"} == 0"))
      .containsExactlyInAnyOrder("a_bucket", "c_total", "up");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static List<String> strings(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return ((List<?>) value).stream().map(String::valueOf).collect(Collectors.toList());
  }
}
