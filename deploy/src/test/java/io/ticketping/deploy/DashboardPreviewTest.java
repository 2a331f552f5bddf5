package io.ticketping.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ticketping.gateway.auth.AccessTokens;
import io.ticketping.shared.config.AppConfig;
import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's picture of the Grafana dashboard, which Grafana itself cannot take here (it is not installable): the
 * whole system with metrics gets some traffic (buyers who pay, a lost seat race, a line of waiters polling, a position
 * stream) while Prometheus scrapes the gateway every second, then headless Chromium opens the preview page
 * ({@code src/test/resources/dashboard-preview.html}), which draws every panel of the dashboard JSON from Prometheus's
 * answers to the panel's own PromQL. The screenshot goes to {@code target/screenshots/dashboard.png} (the README's
 * {@code docs/images/dashboard.png}). Needs Debian's {@code prometheus}, which scripts/install-deps installs.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DashboardPreviewTest {

  /** Panels the traffic below must give data. */
  private static final List<String> FED = List.of("Waiting", "Working (holding a pass)", "Seats sold",
    "Line length over time", "SSE streams open", "Holds created / expired (per second)",
    "Seat conflicts (409 per second)", "Payments by result (per second)", "Gateway latency p50 / p99",
    "Requests per second by route and status", "Instances up");
  private static final int BUYERS = 3;

  @RegisterExtension
  static final BrowserExtension BROWSER = BrowserExtension.perTest();

  @TempDir
  Path dir;
  private Vertx vertx;
  private SystemFixture sys;
  private Process prometheus;
  private HttpServer preview;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), AppConfig.defaults()));
    sys = SystemFixture.start(vertx, config -> config.getJsonObject("metrics").put("refreshMillis", 200));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (preview != null) {
      preview.stop(0);
    }
    if (prometheus != null) {
      prometheus.destroy();
      prometheus.waitFor(20, TimeUnit.SECONDS);
    }
    vertx.close().await();
  }

  @Test
  @DisplayName("every panel of the dashboard is drawn from Prometheus's answers to its own queries after some traffic")
  void preview() throws Exception {
    Optional<Path> binary = Commands.find("prometheus");
    assertThat(binary).as("Prometheus is not installed: run scripts/install-deps (Debian's prometheus)").isPresent();
    long started = Instant.now().getEpochSecond();
    URI api = startPrometheus(binary.get(), sys.config.getJsonObject("http").getInteger("port"));
    traffic();
    awaitScrapes(api, 20);
    preview = serve(api);
    Browser browser = BROWSER.browser();
    browser.driver.get("http://127.0.0.1:" + preview.getAddress().getPort() + "/index.html?start=" + (started - 5));
    browser.await("the preview drawn", d -> "true".equals(browser.script("return document.body.dataset.ready")));

    assertThat(browser.script("return document.body.dataset.error || ''")).isEqualTo("");
    @SuppressWarnings("unchecked")
    Map<String, Object> drawn = (Map<String, Object>) browser.script("return Object.fromEntries([...document"
      + ".querySelectorAll('section.panel')].map(p => [p.dataset.title, p.dataset.error || p.dataset.series]))");
    List<String> titles = new ArrayList<>();
    for (Object panel : MonitoringFiles.dashboard().getJsonArray("panels")) {
      if (!"row".equals(((JsonObject) panel).getString("type"))) {
        titles.add(((JsonObject) panel).getString("title"));
      }
    }
    assertThat(drawn.keySet()).containsExactlyInAnyOrderElementsOf(titles);
    assertThat(drawn.values()).as("every query answered (no error)").allMatch(v -> String.valueOf(v).matches("\\d+"));
    for (String title : FED) {
      assertThat(Integer.parseInt(String.valueOf(drawn.get(title)))).as("series drawn in '%s'", title).isPositive();
    }
    assertThat(browser.script("return document.querySelector('section[data-title=\"Seats sold\"] .value')"
      + ".textContent")).isEqualTo(Integer.toString(BUYERS));

    // The whole page in one picture: a window as tall as the page.
    Number height = (Number) browser.script("return document.documentElement.scrollHeight");
    browser.devtools("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", height.intValue(),
      "deviceScaleFactor", 1, "mobile", false));
    browser.screenshot("dashboard");
  }

  /**
   * Buyers who pay (one a couple of seconds, so the rates have a shape), one who loses a seat race and keeps a hold,
   * then slots filled and a line behind them that polls for a while, one of them streaming its place.
   */
  private void traffic() throws InterruptedException {
    List<Purchase> buyers = new ArrayList<>();
    for (int i = 0; i < BUYERS; i++) {
      buyers.add(Purchase.approved(sys, "buyer-" + i + "@example.com"));
      Thread.sleep(2_000);
    }
    Purchase late = Purchase.holding(sys, "late@example.com");
    assertThat(sys.hold(late.token, late.pass, late.scheduleId, buyers.get(0).seatId).await().statusCode())
      .as("a sold seat").isEqualTo(409);
    long showId = late.showId;
    // Capacity 5 (demoShow): the late buyer and four more hold passes; everyone after them waits.
    AccessTokens tokens = new AccessTokens(vertx, sys.config.getJsonObject("jwt"));
    List<String> line = new ArrayList<>();
    for (long id = 5_000_000; id < 5_000_014; id++) {
      String token = tokens.issue(id, "USER");
      sys.enter(showId, token).await();
      line.add(token);
    }
    SseWatch.open(sys, showId, line.get(line.size() - 1)).await();
    for (int round = 0; round < 12; round++) {
      for (String token : line) {
        sys.client.get("/api/v1/queue/" + showId).bearerTokenAuthentication(token).send().await();
      }
      Thread.sleep(1_000);
    }
  }

  /** Prometheus scraping the gateway's /metrics as the compose file's gateway job does, every second. */
  private URI startPrometheus(Path binary, int gatewayPort) throws Exception {
    int port = TestServers.freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
      global:
        scrape_interval: 1s
        evaluation_interval: 1s
      scrape_configs:
        - job_name: ticketping-gateway
          metrics_path: /metrics
          static_configs:
            - targets: ["127.0.0.1:%d"]
              labels: {role: gateway}
      """.formatted(gatewayPort));
    Path log = dir.resolve("prometheus.log");
    prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config,
      "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
      .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    URI api = URI.create("http://127.0.0.1:" + port);
    for (int i = 0; i < 600; i++) {
      try {
        if (get(api.resolve("/-/ready")).statusCode() == 200) {
          return api;
        }
      } catch (IOException notYet) {
        // still starting
      }
      assertThat(prometheus.isAlive()).as("Prometheus runs; its log:%n%s", Files.readString(log)).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("Prometheus not ready after a minute; its log:\n" + Files.readString(log));
  }

  /** Waits until Prometheus holds at least {@code scrapes} scrapes of the gateway. */
  private void awaitScrapes(URI api, int scrapes) throws Exception {
    String query = "count_over_time(up{job=\"ticketping-gateway\"}[10m])";
    for (int i = 0; i < 120; i++) {
      JsonObject answer = new JsonObject(get(api.resolve("/api/v1/query?query="
        + URLEncoder.encode(query, StandardCharsets.UTF_8))).body());
      JsonArray result = answer.getJsonObject("data").getJsonArray("result");
      if (!result.isEmpty() && Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1))
        >= scrapes) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("fewer than " + scrapes + " scrapes of the gateway in a minute");
  }

  /**
   * The preview page, the dashboard JSON beside it, and Prometheus's API passed on at the same origin (so the page
   * needs no cross-origin access).
   */
  private HttpServer serve(URI api) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/index.html", exchange -> {
      try (InputStream page = getClass().getResourceAsStream("/dashboard-preview.html")) {
        answer(exchange, 200, "text/html; charset=utf-8", page.readAllBytes());
      }
    });
    server.createContext("/dashboard.json", exchange -> answer(exchange, 200, "application/json",
      Files.readAllBytes(MonitoringFiles.DASHBOARD)));
    server.createContext("/api/", exchange -> {
      try {
        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(api.resolve(exchange.getRequestURI()
          .toString())).build(), HttpResponse.BodyHandlers.ofByteArray());
        answer(exchange, answer.statusCode(), "application/json", answer.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        answer(exchange, 503, "text/plain", new byte[0]);
      }
    });
    server.start();
    return server;
  }

  private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
