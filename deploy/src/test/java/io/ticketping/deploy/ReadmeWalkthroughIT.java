package io.ticketping.deploy;

import io.ticketping.shared.testing.TestServers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The README as a person follows it: {@code scripts/run} (the Quick start command) as a child process with a fresh
 * data folder and free ports (the documented {@code TICKETPING_*} overrides, so a system someone runs on 8080 is left
 * alone), the "Try it with curl" block run by bash against it (its {@code BASE} variable pointed at our port), then
 * Ctrl-C (SIGINT), after which nothing it started may be left: not Redis, PostgreSQL, the Kafka JVM nor the system JVM.
 *
 * <p>A failsafe test (the {@code integration-test} phase of {@code mvn verify}): it needs {@code
 * deploy/target/ticketping.jar}, which the {@code package} phase has just built, so {@code scripts/run} starts it
 * without building.
 */
class ReadmeWalkthroughIT {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern UP = Pattern.compile("is up: (http://localhost:(\\d+))");
  private static final Pattern STEP = Pattern.compile("^STEP (\\d{3}) (\\S+) (\\S+)$", Pattern.MULTILINE);

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  @DisplayName("scripts/run starts on free ports, the README's curl walk-through passes step by step, Ctrl-C leaves "
    + "no process behind")
  void readmeRunAndCurlWalkthrough() throws Exception {
    Path jar = ROOT.resolve("deploy/target/ticketping.jar");
    assertThat(jar).as("built by the package phase before this integration test").exists();
    assertThat(ROOT.resolve("kafka-broker/target/lib")).isDirectory();
    assertJarIsCurrent(jar);

    Path work = Files.createDirectories(ROOT.resolve("deploy/target/readme-walkthrough"));
    Path data = Files.createTempDirectory("ticketping-readme-data-").toAbsolutePath();
    Path log = work.resolve("run.log");
    Map<String, String> env = new LinkedHashMap<>();
    int httpPort = TestServers.freePort();
    int simulatorPort = TestServers.freePort();
    env.put("TICKETPING_DATA_DIR", data.toString());
    env.put("TICKETPING_HTTP_PORT", String.valueOf(httpPort));
    env.put("TICKETPING_REDIS_URL", "redis://127.0.0.1:" + TestServers.freePort());
    env.put("TICKETPING_POSTGRES_PORT", String.valueOf(TestServers.freePort()));
    env.put("TICKETPING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + TestServers.freePort());
    env.put("TICKETPING_KAFKA_CONTROLLER_PORT", String.valueOf(TestServers.freePort()));
    env.put("TICKETPING_PAYMENT_SIMULATOR_PORT", String.valueOf(simulatorPort));
    env.put("TICKETPING_PAYMENT_PROVIDER_BASE_URL", "http://127.0.0.1:" + simulatorPort);
    env.put("TICKETPING_ADMIN_PASSWORD", "readme-admin-password");
    env.put("JAVA_OPTS", "-Xmx512m");

    // Through perl, only to reset SIGINT to its default: a shell that started the build in the background may have
    // left it ignored, and an ignored SIGINT is inherited; perl then execs scripts/run, which execs the JVM (one pid).
    ProcessBuilder builder = new ProcessBuilder("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die $!",
      "scripts/run").directory(ROOT.toFile()).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().keySet().removeIf(name -> name.startsWith("TICKETPING_"));
    builder.environment().putAll(env);
    Process run = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> run.descendants().forEach(ProcessHandle::destroyForcibly)));
    try {
      String base = waitUntilUp(run, log, httpPort);
      assertThat(status(base + "/ready")).isEqualTo(200);

      List<String[]> steps = walkthrough(work, base);
      List<String> got = steps.stream().map(s -> s[0] + " " + s[1] + " " + s[2].replace(base, "")).toList();
      List<String> expected = List.of(
        "201 POST /api/v1/auth/signup",
        "200 POST /api/v1/auth/login",
        "200 GET /api/v1/me",
        "200 GET /api/v1/shows\\?limit=1",
        "200 GET /api/v1/shows/\\d+",
        "200 GET /api/v1/schedules/\\d+/seats",
        "200 POST /api/v1/queue/\\d+",
        "200 GET /api/v1/queue/\\d+",
        "200 GET /api/v1/queue/\\d+/stream",
        "201 POST /api/v1/orders",
        "200 POST /api/v1/payments",
        "200 GET /api/v1/orders/[\\w-]+",
        "200 POST /api/v1/auth/refresh",
        "204 POST /api/v1/auth/logout",
        "200 GET /ready",
        "200 GET /ready/booking",
        "200 GET /health");
      assertThat(got).as("the walk-through's curl calls").hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(got.get(i)).as("step %d of %s", i + 1, got).matches(expected.get(i));
      }
    } catch (Throwable failure) {
      // Clean up without hiding the failure: a run that died early also fails the clean-up's own checks.
      try {
        stopAndCheckNothingIsLeft(run, data, log);
      } catch (Throwable cleanup) {
        failure.addSuppressed(cleanup);
      }
      throw failure;
    }
    stopAndCheckNothingIsLeft(run, data, log);
  }

  /** Runs the README's curl block with bash, each curl reporting its status on stderr; the calls, in order. */
  private static List<String[]> walkthrough(Path work, String base) throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    Matcher block = Pattern.compile("## Try it with curl\\n.*?```bash\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).as("the README's curl walk-through").isTrue();
    String script = block.group(1);
    assertThat(script).as("the walk-through names its address once, in BASE").contains("BASE=${BASE:-")
      .doesNotContain("localhost:8080/");
    String prelude = """
      set -e
      # Every curl also writes 'STEP <status> <method> <url>' to stderr, which the test checks step by step (no
      # pipefail: the README's 'grep | head -n 1' pipe ends grep early by design). The stream call ends by its --max-time
      # (curl's exit 28), as the README means it to; any other curl failure stops the walk-through.
      curl() {
        local rc=0
        command curl "$@" -w '%{stderr}STEP %{http_code} %{method} %{url_effective}\\n' || rc=$?
        if [ "$rc" = 28 ] && [[ " $* " == *" --max-time "* ]]; then rc=0; fi
        return "$rc"
      }
      """;
    Path file = work.resolve("walkthrough.sh");
    Files.writeString(file, prelude + script);
    Path out = work.resolve("walkthrough.out");
    Path err = work.resolve("walkthrough.err");
    ProcessBuilder bash = new ProcessBuilder("bash", file.toString()).directory(work.toFile())
      .redirectOutput(out.toFile()).redirectError(err.toFile());
    bash.environment().put("BASE", base);
    Process process = bash.start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the walk-through ends").isTrue();
    String stdout = Files.readString(out);
    String stderr = Files.readString(err);
    assertThat(process.exitValue()).as("bash exit; stdout:\n%s\nstderr:\n%s", stdout, stderr).isZero();
    assertThat(stdout).as("the order a moment after payment").contains("\"status\":\"PAID\"");
    List<String[]> steps = new ArrayList<>();
    Matcher step = STEP.matcher(stderr);
    while (step.find()) {
      steps.add(new String[] {step.group(1), step.group(2), step.group(3)});
    }
    assertThat(steps).as("curl calls; stderr:\n%s", stderr).isNotEmpty();
    return steps;
  }

  private static String waitUntilUp(Process run, Path log, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      Matcher up = UP.matcher(text);
      if (up.find()) {
        assertThat(Integer.parseInt(up.group(2))).as("the printed URL has our port").isEqualTo(port);
        assertThat(text).as("scripts/run started the jar as built, without building").doesNotContain("Building");
        return "http://127.0.0.1:" + port;
      }
      if (!run.isAlive()) {
        fail("scripts/run ended (" + run.exitValue() + ") before it was up:\n" + text);
      }
      Thread.sleep(250);
    }
    return fail("scripts/run printed no URL in 150 s:\n" + Files.readString(log));
  }

  /** Ctrl-C, then: the run ends within 30 s, and no process it started (found by pid and by data folder) is left. */
  private static void stopAndCheckNothingIsLeft(Process run, Path data, Path log) throws Exception {
    Set<Long> started = new TreeSet<>();
    started.add(run.pid());
    run.descendants().forEach(p -> started.add(p.pid()));
    started.addAll(processesMentioning(data).keySet());
    Map<Long, String> before = new HashMap<>();
    for (long pid : started) {
      before.put(pid, commandLine(pid));
    }
    if (run.isAlive()) {
      assertThat(new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor()).isZero();
    }
    boolean ended = run.waitFor(30, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ended ? 5 : 0);
    Map<Long, String> left;
    do {
      left = new LinkedHashMap<>();
      for (long pid : started) {
        if (alive(pid)) {
          left.put(pid, before.get(pid));
        }
      }
      left.putAll(processesMentioning(data));
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    Map<Long, String> leftover = left;
    leftover.keySet().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    run.destroyForcibly();
    assertThat(ended).as("scripts/run ended within 30 s of SIGINT").isTrue();
    assertThat(before.values()).as("the processes scripts/run had started; its output:\n%s", tail(log))
      .anyMatch(c -> c.contains("redis-server")).anyMatch(c -> c.contains("postgres"))
      .anyMatch(c -> c.contains("kafka.Kafka")).anyMatch(c -> c.contains("ticketping.jar"));
    assertThat(leftover).as("processes left after Ctrl-C").isEmpty();
    deleteTree(data);
  }

  /** Live processes whose command line or environment names {@code data} (redis-server rewrites its command line). */
  private static Map<Long, String> processesMentioning(Path data) throws IOException {
    Map<Long, String> found = new LinkedHashMap<>();
    String needle = data.toString();
    long self = ProcessHandle.current().pid();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        long pid = Long.parseLong(proc.getFileName().toString());
        if (pid == self || !alive(pid)) {
          continue;
        }
        String environ = read(proc.resolve("environ"));
        String cmdline = commandLine(pid);
        if (cmdline.contains(needle) || environ.contains(needle)) {
          found.put(pid, cmdline);
        }
      }
    }
    return found;
  }

  /** Alive and not a zombie (a zombie no longer runs; its parent or init has yet to reap it). */
  private static boolean alive(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    int close = stat.lastIndexOf(')');
    return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) != 'Z';
  }

  private static String commandLine(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').trim();
  }

  /** The last lines of {@code file}, for failure messages. */
  private static String tail(Path file) {
    List<String> lines = read(file).lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static int status(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
      .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /**
   * scripts/run rebuilds (a nested {@code mvn package}) when a source is newer than the jar; inside a build that must
   * not happen, so a stale jar is a failure here, with what to do about it.
   */
  private static void assertJarIsCurrent(Path jar) throws IOException {
    long built = Files.getLastModifiedTime(jar).toMillis();
    List<Path> roots = new ArrayList<>(List.of(ROOT.resolve("pom.xml"), ROOT.resolve("conf")));
    try (Stream<Path> modules = Files.list(ROOT)) {
      modules.filter(Files::isDirectory).forEach(m -> {
        roots.add(m.resolve("pom.xml"));
        roots.add(m.resolve("src"));
      });
    }
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        Path newer = files.filter(Files::isRegularFile).filter(f -> {
          try {
            return Files.getLastModifiedTime(f).toMillis() > built;
          } catch (IOException e) {
            return false;
          }
        }).findFirst().orElse(null);
        assertThat(newer).as("a source newer than %s (scripts/run would rebuild; run mvn package first)", jar)
          .isNull();
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
