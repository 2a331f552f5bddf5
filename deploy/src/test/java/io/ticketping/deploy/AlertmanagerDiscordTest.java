package io.ticketping.deploy;

import com.sun.net.httpserver.HttpServer;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alertmanager run for real with {@code monitoring/alertmanager.yml}: its Discord webhook URL points at a local HTTP
 * server standing in for Discord; an alert posted to Alertmanager's API must arrive there as a Discord message.
 * Needs Alertmanager 0.25 or later (Debian's {@code prometheus-alertmanager}, which scripts/install-deps installs).
 */
class AlertmanagerDiscordTest {

  /** Debian names the binary after its package; upstream's is {@code alertmanager}. */
  private static final List<String> BINARIES = List.of("prometheus-alertmanager", "alertmanager");
  private static final String WEBHOOK_PATH = "/api/webhooks/1/test-token";
  /** The route's group_wait (10 s) and a margin. */
  private static final Duration DELIVERY = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private final BlockingQueue<Delivery> discord = new LinkedBlockingQueue<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private HttpServer discordServer;
  private Process alertmanager;

  /** One request that reached the stand-in for Discord. */
  private record Delivery(String method, String path, String contentType, String body) {
  }

  @BeforeEach
  void startDiscord() throws IOException {
    discordServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    discordServer.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      discord.add(new Delivery(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        exchange.getRequestHeaders().getFirst("Content-Type"), body));
      // What Discord answers to a webhook post without ?wait=true.
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    discordServer.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (alertmanager != null) {
      alertmanager.destroy();
      if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
        alertmanager.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    discordServer.stop(0);
  }

  @Test
  @DisplayName("an alert posted to Alertmanager reaches the Discord webhook as a message whose embed names the alert "
    + "and the show")
  void alertReachesDiscord() throws Exception {
    Optional<Path> binary = BINARIES.stream().map(Commands::find).flatMap(Optional::stream)
      .findFirst();
    assertThat(binary).as("Alertmanager is not installed: run scripts/install-deps (Debian's prometheus-alertmanager)")
      .isPresent();
    String webhook = "http://127.0.0.1:" + discordServer.getAddress().getPort() + WEBHOOK_PATH;
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, withWebhook(MonitoringFiles.yaml(MonitoringFiles.ALERTMANAGER), webhook));
    Optional<Path> amtool = Commands.find("amtool");
    if (amtool.isPresent()) {
      assertThat(Commands.run(amtool.get().toString(), "check-config", config.toString())).contains("SUCCESS");
    }

    int port = TestServers.freePort();
    Path log = dir.resolve("alertmanager.log");
    alertmanager = new ProcessBuilder(binary.get().toString(), "--config.file=" + config,
      "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
      // No gossip with other Alertmanagers (and no port 9094 taken).
      "--cluster.listen-address=")
      .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    URI api = URI.create("http://127.0.0.1:" + port);
    awaitReady(api, log);

    JsonArray alerts = new JsonArray().add(new JsonObject()
      .put("labels", new JsonObject().put("alertname", "TicketPingQueueStalled").put("show", "42")
        .put("severity", "page"))
      .put("annotations", new JsonObject().put("summary", "Waiting room of show 42 is not moving")
        .put("description", "5 waiting, nobody admitted in the last minute.")));
    HttpResponse<String> posted = http.send(HttpRequest.newBuilder(api.resolve("/api/v2/alerts"))
      .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(alerts.encode()))
      .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

    Delivery delivery = discord.poll(DELIVERY.toSeconds(), TimeUnit.SECONDS);
    assertThat(delivery).as("a Discord message within %s; Alertmanager's log:%n%s", DELIVERY, Files.readString(log))
      .isNotNull();
    assertThat(delivery.method()).isEqualTo("POST");
    assertThat(delivery.path()).isEqualTo(WEBHOOK_PATH);
    assertThat(delivery.contentType()).startsWith("application/json");
    JsonArray embeds = new JsonObject(delivery.body()).getJsonArray("embeds");
    assertThat(embeds).as(delivery.body()).hasSize(1);
    JsonObject embed = embeds.getJsonObject(0);
    assertThat(embed.getString("title")).contains("TicketPingQueueStalled").contains("show 42");
    assertThat(embed.getString("description"))
      .contains("Waiting room of show 42 is not moving: 5 waiting, nobody admitted in the last minute.");
  }

  @Test
  @DisplayName("compose starts Alertmanager without a Discord webhook: the URL is optional, and without it alerts go "
    + "to the receiver that drops them")
  @SuppressWarnings("unchecked")
  void discordOptionalInCompose() {
    Map<String, Object> compose = MonitoringFiles.yaml(Path.of("compose/docker-compose.yml"));
    Map<String, Object> service = (Map<String, Object>) ((Map<String, Object>) compose.get("services"))
      .get("alertmanager");
    assertThat(String.valueOf(((Map<String, Object>) service.get("environment")).get("DISCORD_WEBHOOK_URL")))
      .isEqualTo("${DISCORD_WEBHOOK_URL:-}");
    assertThat(String.join("\n", (List<String>) service.get("command")))
      .contains("sed 's/receiver: discord$$/receiver: none/'");
    Map<String, Object> alertmanager = MonitoringFiles.yaml(MonitoringFiles.ALERTMANAGER);
    assertThat((List<Object>) alertmanager.get("receivers")).map(r -> (Map<String, Object>) r)
      .filteredOn(r -> "none".equals(r.get("name"))).singleElement().satisfies(r -> assertThat(r).hasSize(1));
    assertThat(MonitoringFiles.read(MonitoringFiles.ALERTMANAGER)).containsPattern("(?m)receiver: discord$");
  }

  /**
   * {@code alertmanager} as YAML with each Discord receiver posting to {@code url} (the committed file reads the URL
   * from a file the compose service writes).
   */
  @SuppressWarnings("unchecked")
  private static String withWebhook(Map<String, Object> alertmanager, String url) {
    int replaced = 0;
    for (Object receiver : (List<Object>) alertmanager.get("receivers")) {
      for (Object discord : (List<Object>) ((Map<String, Object>) receiver).getOrDefault("discord_configs", List.of())) {
        Map<String, Object> config = (Map<String, Object>) discord;
        assertThat(config.remove("webhook_url_file")).as("the committed file reads the URL from a file").isNotNull();
        config.put("webhook_url", url);
        replaced++;
      }
    }
    assertThat(replaced).as("Discord receivers").isPositive();
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(alertmanager);
  }

  /** Polls {@code /-/ready} until Alertmanager answers 200 (about ten seconds at most). */
  private void awaitReady(URI api, Path log) throws Exception {
    HttpRequest ready = HttpRequest.newBuilder(api.resolve("/-/ready")).timeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      assertThat(alertmanager.isAlive()).as("Alertmanager exited:%n%s", Files.readString(log)).isTrue();
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // Starting: try again.
      }
      Thread.sleep(100);
    }
    throw new AssertionError("Alertmanager not ready within 10 s:\n" + Files.readString(log));
  }
}
