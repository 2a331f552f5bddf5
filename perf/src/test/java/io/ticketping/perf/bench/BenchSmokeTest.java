package io.ticketping.perf.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark harness ({@code perf/bench}) end to end at a tiny scale, split over two gateway JVMs: a few hundred
 * users enter over both, poll both, stream from both, and the Redis windows time the gateways' per-tick read and the
 * whole-line read. The load runs themselves stay out of {@code mvn verify}; a harness that no longer matches the
 * system or its own tools fails here. Needs the assembled jar, and wrk and the Redis tools on the PATH (the harness
 * installs them with apt when run by hand; this test skips without them rather than installing anything).
 */
class BenchSmokeTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  @DisplayName("two gateways: entries, polls and streams over both, and the per-tick read timed against the whole line")
  void twoGateways(@TempDir Path out) throws Exception {
    assertThat(List.of("wrk", "redis-cli", "redis-benchmark", "ss")).as("tools the harness drives (scripts/install-deps "
      + "installs them)").allMatch(BenchSmokeTest::onPath);
    assertThat(ROOT.resolve("deploy/target/ticketping.jar")).as("build it first: mvn -B -DskipTests package").exists();
    Map<String, String> env = new HashMap<>(Map.of(
      "BENCH_USERS", "300", "BENCH_WARMUP_USERS", "0", "BENCH_GATEWAYS", "2", "BENCH_SECONDS", "2",
      "BENCH_CONNECTIONS", "8", "BENCH_SSE", "200", "BENCH_SSE_OBSERVE_SECONDS", "4", "BENCH_TICK_SECONDS", "4",
      "BENCH_REDIS_REQUESTS", "3000", "BENCH_WHOLE_LINE_CALLS", "2"));
    // 10 admitted a tick: the line moves at every tick and is still long at the end.
    env.put("BENCH_ADMIT_PER_MINUTE", "600");
    env.put("BENCH_POLL_SWEEP", "4 16");
    env.put("BENCH_OUT", out.toString());
    env.put("BENCH_CHARTS", out.resolve("charts").toString());
    env.put("BENCH_PORT_BASE", Integer.toString(freePortBase()));
    env.put("BENCH_CLASSPATH", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    ProcessBuilder builder = new ProcessBuilder("perf/bench").directory(ROOT.toFile()).redirectErrorStream(true)
      .redirectOutput(out.resolve("bench.log").toFile());
    builder.environment().putAll(env);
    Process bench = builder.start();
    // About 90 s on an idle machine (two of them the 17 s the gateways need to forget a show); far longer when shared.
    boolean ended = bench.waitFor(10, TimeUnit.MINUTES);
    if (!ended) {
      bench.destroy(); // its trap stops the system it started
      bench.waitFor(60, TimeUnit.SECONDS);
    }
    assertThat(ended).as("the harness ends; log: %s", tail(out.resolve("bench.log"))).isTrue();
    assertThat(bench.exitValue()).as("exit code; log: %s", tail(out.resolve("bench.log"))).isZero();

    Map<String, String> results = results(out.resolve("results.txt"));
    assertThat(results).containsEntry("gateways", "2").containsEntry("split", "1")
      .containsEntry("entry_users", "300").containsEntry("entry_failures", "0")
      .containsEntry("entry_places_missing", "0").containsEntry("entry_duplicate_tickets", "0")
      .containsEntry("status_poll_errors", "0")
      .containsEntry("sse_protocol", "h2").containsEntry("sse_opened", "200").containsEntry("sse_failed", "0");
    assertThat(number(results, "status_poll_per_s")).isPositive();
    assertThat(number(results, "status_poll_steady_per_s")).isPositive();
    // The poll at BENCH_CONNECTIONS and at each count of the sweep, with wrk's percentiles (the worst gateway's).
    assertThat(results).containsEntry("status_poll_connections", "8").containsEntry("status_poll_c4_connections", "4")
      .containsEntry("status_poll_c16_connections", "16");
    for (String window : List.of("status_poll", "status_poll_c4", "status_poll_c16")) {
      assertThat(number(results, window + "_per_s")).as(window).isPositive();
      assertThat(number(results, window + "_p50_ms")).as(window).isPositive()
        .isLessThanOrEqualTo(number(results, window + "_p90_ms"));
      assertThat(number(results, window + "_p90_ms")).as(window)
        .isLessThanOrEqualTo(number(results, window + "_p99_ms"));
    }
    // The burst second by second: every entry answered in one of its seconds.
    List<long[]> seconds = Files.readAllLines(out.resolve("entry-per-second.txt")).stream()
      .filter(line -> !line.startsWith("#"))
      .map(line -> Stream.of(line.split(" ")).mapToLong(Long::parseLong).toArray()).toList();
    assertThat(seconds).isNotEmpty();
    assertThat(seconds.stream().mapToLong(s -> s[1]).sum()).isEqualTo(300);
    assertThat(seconds.stream().mapToLong(s -> s[2]).sum()).isZero();
    assertThat(number(results, "sse_ticks_seen")).isPositive();
    assertThat(number(results, "sse_position_events")).isPositive();
    assertThat(number(results, "sse_lag_after_tick_p99_ms")).isNotNegative();
    // Window A: each gateway read the line about once a tick; window B: no gateway read it.
    assertThat(number(results, "tick_A_ticks")).isPositive();
    assertThat(number(results, "tick_read_calls_per_tick_per_gateway")).as("results: %s", results).isBetween(0.5, 1.5);
    assertThat(number(results, "tick_B_read_calls")).isZero();
    assertThat(number(results, "tick_read_us_per_call")).isPositive();
    assertThat(number(results, "tick_admitted_per_tick")).isPositive();
    assertThat(number(results, "whole_line_calls")).isEqualTo(2);
    assertThat(number(results, "whole_line_us_per_call")).isPositive();
    assertThat(number(results, "redis_bytes_per_waiting_user_line_keys")).isPositive();
    assertThat(out.resolve("results.md")).content().contains("| tick_read_us_per_call |");
    assertThat(out.resolve("charts/redis-read-per-tick.svg")).content().contains("by changes (current)");
    assertThat(out.resolve("charts/poll-rate.svg")).content().contains("300 waiting");
    assertThat(out.resolve("charts/poll-connections.svg")).content().contains(">16<", "300 waiting, 2 gateways");
    assertThat(out.resolve("charts/entry-burst.svg")).content().contains("300 users over 2 gateways");
    assertThat(out.resolve("charts/sse-lag.svg")).content().contains("300 waiting, 200 streams: p50");
    for (String chart : List.of("redis-read-per-tick", "poll-rate", "poll-connections", "entry-burst", "sse-lag")) {
      assertThat(ImageIO.read(out.resolve("charts/" + chart + ".png").toFile())).as(chart).isNotNull();
    }
  }

  private static Map<String, String> results(Path file) throws IOException {
    Map<String, String> results = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        results.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return results;
  }

  private static double number(Map<String, String> results, String key) {
    assertThat(results).containsKey(key);
    return Double.parseDouble(results.get(key));
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv("PATH").split(File.pathSeparator))
      .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  /**
   * A base B for the harness's ports (B+70..B+99, B+379, B+432, B+701..B+703) that are all free now, below the
   * ephemeral range so that no test's client socket takes one meanwhile.
   */
  private static int freePortBase() throws IOException {
    for (int base = 20_000; base < 28_000; base += 1_000) {
      int b = base;
      int[] ports = IntStream.concat(IntStream.rangeClosed(b + 70, b + 99),
        IntStream.of(b + 379, b + 432, b + 701, b + 702, b + 703)).toArray();
      if (IntStream.of(ports).allMatch(BenchSmokeTest::free)) {
        return base;
      }
    }
    throw new IllegalStateException("no free port range for the harness");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
