package io.ticketping.deploy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/run}'s usage names what it starts on the ports {@code conf/application.json} gives them, and running
 * installs only what running needs ({@code scripts/install-deps --run}); the tests' tools come with the test set-up.
 */
class RunScriptTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private record Result(int exit, String output) {
  }

  @Test
  @DisplayName("scripts/run --help names every port it opens by default, the variables that move them, and how to stop")
  void helpNamesPortsAndKnobs() throws Exception {
    JsonObject conf = new JsonObject(Files.readString(ROOT.resolve("conf/application.json")));
    List<Integer> ports = List.of(conf.getJsonObject("http").getInteger("port"),
      URI.create(conf.getJsonObject("redis").getString("url")).getPort(),
      conf.getJsonObject("postgres").getInteger("port"),
      Integer.parseInt(conf.getJsonObject("kafka").getString("bootstrapServers").replaceAll(".*:", "")),
      conf.getJsonObject("kafka").getInteger("controllerPort"),
      conf.getJsonObject("payment").getJsonObject("simulator").getInteger("port"));
    Result help = run("scripts/run", "--help");
    assertThat(help.exit).as(help.output).isZero();
    assertThat(help.output).contains("Usage: scripts/run", "--split", "TICKETPING_HTTP_PORT", "TICKETPING_DATA_DIR",
      "TICKETPING_ADMIN_PASSWORD", "JAVA_OPTS", "Ctrl-C");
    for (int port : ports) {
      assertThat(help.output).as("usage names port %d", port).containsPattern("(?m)^\\s+" + port + "\\b");
    }
  }

  @Test
  @DisplayName("scripts/run refuses an unknown option with its usage, before installing or building anything")
  void unknownOptionIsRefused() throws Exception {
    Result wrong = run("scripts/run", "--bogus");
    assertThat(wrong.exit).isEqualTo(2);
    assertThat(wrong.output).contains("unknown option '--bogus'", "Usage: scripts/run")
      .doesNotContain("Installing", "Building");
  }

  @Test
  @DisplayName("running installs no browser, Prometheus, Alertmanager, wrk or Node.js: those come with the test set-up")
  void runInstallsOnlyWhatRunningNeeds() throws Exception {
    assertThat(Files.readString(ROOT.resolve("scripts/run"))).contains("scripts/install-deps --run");
    assertThat(Files.readString(ROOT.resolve("scripts/test"))).containsPattern("(?m)^scripts/install-deps$");
    String deps = Files.readString(ROOT.resolve("scripts/install-deps"));
    int testsOnly = deps.indexOf("if [ \"$tests\" = 1 ]; then");
    assertThat(testsOnly).as("install-deps has a part for the tests only").isPositive();
    String forRunning = deps.substring(deps.indexOf("missing=()"), testsOnly);
    assertThat(forRunning).contains("openjdk-17-jdk-headless", "maven", "redis-server")
      .doesNotContain("chromium", "prometheus", "alertmanager", "wrk", "nodejs", "npm");
    assertThat(deps.substring(testsOnly)).contains("chromium-driver", "prometheus-alertmanager", "wrk", "nodejs",
      "kube-validate", "mermaid-check");
  }

  private static Result run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
