package io.ticketping.deploy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files under {@code deploy/monitoring}: structure only (no Prometheus or Grafana runs here). That every metric
 * name they query is exported is checked against a real scrape by {@link MetricsJourneyTest}.
 */
class MonitoringFilesTest {

  private static final Set<String> REQUIRED_ALERTS = Set.of("TicketPingQueueStalled", "TicketPingOutboxBacklogOld",
    "TicketPingEventDeadLettered", "TicketPingConsumerLagging", "TicketPingBreakerOpen", "TicketPingHighLatencyP99",
    "TicketPingCpuHigh", "TicketPingInstanceDown");

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
    assertThat(onPath("promtool")).as("promtool is not installed: run scripts/install-deps (Debian's prometheus)")
      .isTrue();
    assertThat(run("promtool", "check", "rules", MonitoringFiles.ALERTS.toString())).contains("SUCCESS");
    assertThat(run("promtool", "check", "config", MonitoringFiles.PROMETHEUS.toString())).contains("SUCCESS");
  }

  @Test
  @DisplayName("promtool's rule tests pass: one dead-lettered event pages at once, a consumer behind for two minutes "
    + "pages, and one that is behind only now and then does not")
  void promtoolRuleTests() throws Exception {
    assertThat(onPath("promtool")).as("promtool is not installed: run scripts/install-deps (Debian's prometheus)")
      .isTrue();
    assertThat(run("promtool", "test", "rules", MonitoringFiles.DIR.resolve("alerts-test.yml").toString()))
      .contains("SUCCESS");
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

  private static boolean onPath(String command) {
    return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
      .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
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
