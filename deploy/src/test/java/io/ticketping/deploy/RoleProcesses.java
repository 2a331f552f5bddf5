package io.ticketping.deploy;

import io.ticketping.shared.testing.TestServers;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Role JVMs started as real child processes ({@code java -cp <test classpath> io.ticketping.deploy.Main --role X}),
 * each with its own Hazelcast port, sharing one configuration file (with one generated cluster secret and event-bus
 * certificate). Logs go to {@code target/split-logs}.
 */
final class RoleProcesses implements AutoCloseable {

  private final Path configFile;
  private final Path logs;
  private final Map<String, Process> running = new ConcurrentHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Long> logStarts = new LinkedHashMap<>();
  private final Map<String, Runnable> starts = new ConcurrentHashMap<>();

  /**
   * Writes {@code config} with a {@code cluster} section listing one free port per name of {@code members} (role JVMs
   * and in-test members alike), so that every member knows every other.
   */
  RoleProcesses(JsonObject config, List<String> members) {
    List<String> addresses = new ArrayList<>();
    for (String member : members) {
      int port = TestServers.freePort();
      ports.put(member, port);
      addresses.add("127.0.0.1:" + port);
    }
    config.put("cluster", config.getJsonObject("cluster").copy().put("host", "127.0.0.1")
      .put("port", ports.get(members.get(0))).put("members", String.join(",", addresses)));
    // Should the test JVM end without close() (a surefire timeout), the role JVMs must not outlive it.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> running.values().forEach(Process::destroyForcibly),
      "role-processes-stop"));
    try {
      logs = Files.createDirectories(Path.of("target", "split-logs"));
      // The cluster secret and event-bus certificate of a run on one host, as a split dev run makes them.
      ClusterCredentials.ensure(config, Files.createTempDirectory(Files.createDirectories(Path.of("target")),
        "split-cluster-"));
      configFile = Files.createTempFile("ticketping-split-", ".json");
      Files.writeString(configFile, config.encodePrettily());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code cluster} section for the member {@code name} (for an in-test clustered Vert.x). */
  JsonObject clusterFor(JsonObject config, String name) {
    return config.copy().put("cluster", config.getJsonObject("cluster").copy().put("port", ports.get(name)));
  }

  /** Starts the JVM {@code name} running {@code roles}; does not wait for it to join. */
  void start(String name, String roles) {
    start(name, roles, Map.of());
  }

  /** As {@link #start(String, String)}, with extra environment variables (configuration overrides). */
  synchronized void start(String name, String roles, Map<String, String> env) {
    start(name, Main.class, List.of("--role", roles), env);
  }

  /** Starts the JVM {@code name} running {@code main} of the test classpath with {@code args}. */
  synchronized void start(String name, Class<?> main, List<String> args, Map<String, String> env) {
    starts.put(name, () -> start(name, main, args, env));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-Dhazelcast.wait.seconds.before.join=0", "-Dhazelcast.logging.type=slf4j",
      // The jar's logging configuration rather than the tests' (logback-test.xml comes first on the test classpath).
      "-Dlogback.configurationFile=" + Path.of("target", "classes", "logback.xml").toAbsolutePath(),
      "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
    builder.environment().put("TICKETPING_CONFIG_FILE", configFile.toAbsolutePath().toString());
    builder.environment().put("TICKETPING_CLUSTER_PORT", String.valueOf(ports.get(name)));
    builder.environment().putAll(env);
    try {
      Path log = logs.resolve(name + ".log");
      logStarts.put(name, Files.exists(log) ? Files.size(log) : 0L);
      running.put(name, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the JVM {@code name} printed that it is up (or joined), up to {@code seconds}. */
  void awaitUp(String name, int seconds) throws InterruptedException {
    Path log = logs.resolve(name + ".log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      Process process = running.get(name);
      String text = readSinceStart(name);
      if (text.contains(" is up: ") || text.contains(" joined the cluster")) {
        return;
      }
      if (!process.isAlive() || text.contains("failed to start")) {
        throw new IllegalStateException(name + " did not start; see " + log.toAbsolutePath());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " not up after " + seconds + " s; see " + log.toAbsolutePath()
      + "; its last lines:\n" + tail(name, 40));
  }

  /**
   * As {@link #awaitUp}, but a JVM still running yet not up after {@code seconds} gets its threads dumped into its log
   * and is killed and started once more, as a supervisor's startup probe would do; a JVM that exited fails at once.
   */
  void awaitUpRestartingOnce(String name, int seconds) throws InterruptedException {
    try {
      awaitUp(name, seconds);
    } catch (IllegalStateException stuck) {
      Process process = running.get(name);
      if (process == null || !process.isAlive() || readSinceStart(name).contains("failed to start")) {
        throw stuck;
      }
      dumpThreads(name, process);
      System.err.println(name + " was not up after " + seconds + " s; its threads are in "
        + logs.resolve(name + ".log").toAbsolutePath() + "; starting it once more. Its log:\n" + tail(name, 80));
      kill(name);
      starts.get(name).run();
      awaitUp(name, seconds);
    }
  }

  /** {@code jcmd Thread.print} of the JVM, appended to its log. */
  private void dumpThreads(String name, Process process) throws InterruptedException {
    try {
      new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(process.pid()), "Thread.print").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()))
        .start().waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      System.err.println("No thread dump of " + name + ": " + e);
    }
  }

  /** The last {@code lines} lines {@code name}'s log gained since its last start. */
  String tail(String name, int lines) {
    String[] all = readSinceStart(name).split("\n");
    return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
  }

  /** What {@code name}'s log gained since its last start (a restarted JVM appends to the same file). */
  String readSinceStart(String name) {
    try {
      Path log = logs.resolve(name + ".log");
      if (!Files.exists(log)) {
        return "";
      }
      byte[] all = Files.readAllBytes(log);
      int start = (int) Math.min(all.length, logStarts.getOrDefault(name, 0L));
      return new String(all, start, all.length - start);
    } catch (IOException e) {
      return "";
    }
  }

  /** kill -9: no shutdown hook, no goodbye to the cluster. */
  void kill(String name) throws InterruptedException {
    Process process = running.remove(name);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    for (Process process : running.values()) {
      process.destroy();
    }
    for (Process process : running.values()) {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    running.clear();
    try {
      Files.deleteIfExists(configFile);
    } catch (IOException ignored) {
      // A temp file; the OS cleans it eventually.
    }
  }
}
