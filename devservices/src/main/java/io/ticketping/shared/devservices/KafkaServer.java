package io.ticketping.shared.devservices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker (KRaft: broker and controller in one process) run as a child JVM from the jars that
 * the {@code kafka-broker} module collects, for the dev run command and the tests. It is a separate JVM because the
 * broker's kafka-clients 4.x must not meet the 3.7 client of vertx-kafka-client on one classpath. Blocking by design:
 * it is started before Vert.x, never from an event loop.
 *
 * <p>Layout of {@code dir}: {@code server.properties}, {@code log4j2.properties}, {@code kafka.log} (everything the
 * broker prints) and {@code data/} (the log segments and the KRaft metadata).
 */
public final class KafkaServer implements AutoCloseable {

  /** System property naming the folder of broker jars (wins over the environment variable). */
  public static final String LIB_PROPERTY = "ticketping.kafka.lib";
  /** Environment variable naming the folder of broker jars. */
  public static final String LIB_ENV = "TICKETPING_KAFKA_LIB";
  private static final String BUILT_LIB = "kafka-broker/target/lib";
  private static final String STARTED_LINE = "Kafka Server started";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final int port;
  private final int controllerPort;
  private final Path dir;
  private final boolean persistent;
  private Process process;

  /**
   * @param persistent keep the topics and offsets in {@code dir} across restarts (dev mode, or a test that restarts
   *                   the broker); {@code false} starts from an empty broker every time
   */
  public KafkaServer(int port, int controllerPort, Path dir, boolean persistent) {
    this.port = port;
    this.controllerPort = controllerPort;
    this.dir = dir.toAbsolutePath();
    this.persistent = persistent;
  }

  public int port() {
    return port;
  }

  /** The {@code bootstrap.servers} value for clients of this broker. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts the broker (formatting its storage first when it has none) and returns once it serves clients. */
  private boolean startedBefore;

  public synchronized KafkaServer start() {
    if (isRunning()) {
      return this;
    }
    Path lib = libDir();
    Path data = dir.resolve("data");
    Path log = dir.resolve("kafka.log");
    try {
      // Without this check the readiness probe below could mistake somebody else's broker for ours.
      for (int p : List.of(port, controllerPort)) {
        if (accepts(p)) {
          throw new IllegalStateException("cannot start Kafka: port " + p + " is already in use");
        }
      }
      Files.createDirectories(dir);
      if (!persistent && !startedBefore) {
        // A throw-away broker starts empty once; a restart of the same broker keeps its topics, like a real one.
        deleteTree(data);
      }
      startedBefore = true;
      Path properties = dir.resolve("server.properties");
      Files.writeString(properties, KafkaBrokerFiles.serverProperties(port, controllerPort, data));
      Files.writeString(dir.resolve("log4j2.properties"), KafkaBrokerFiles.log4jProperties());
      Files.writeString(log, "");
      if (!Files.exists(data.resolve("meta.properties"))) {
        format(lib, properties, log);
      }
      process = new ProcessBuilder(javaCommand(lib, "kafka.Kafka", properties.toString()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
      awaitStarted(log);
      return this;
    } catch (IOException e) {
      stop();
      throw new UncheckedIOException("cannot start Kafka on port " + port + " (see " + log + ")", e);
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /** SIGTERM (a clean shutdown that keeps the data), then a kill if it has not exited within 30 s. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * The folder of broker jars: the {@value #LIB_PROPERTY} system property, else {@value #LIB_ENV}, else the first
   * {@code kafka-broker/target/lib} found from the working directory upwards (a build of this repository).
   */
  public static Path libDir() {
    String configured = System.getProperty(LIB_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(LIB_ENV);
    }
    if (configured != null && !configured.isBlank()) {
      Path lib = Path.of(configured).toAbsolutePath().normalize();
      if (!holdsBroker(lib)) {
        throw new IllegalStateException(lib + " (from " + LIB_PROPERTY + " / " + LIB_ENV
          + ") holds no Kafka broker jars: build them with `mvn -DskipTests package`");
      }
      return lib;
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path lib = d.resolve(BUILT_LIB);
      if (holdsBroker(lib)) {
        return lib;
      }
    }
    throw new IllegalStateException("Kafka broker jars not found: build them with `mvn -DskipTests package` "
      + "(they land in " + BUILT_LIB + "), or name their folder with -D" + LIB_PROPERTY + " or " + LIB_ENV);
  }

  private static boolean holdsBroker(Path lib) {
    if (!Files.isDirectory(lib)) {
      return false;
    }
    try (Stream<Path> files = Files.list(lib)) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13-"));
    } catch (IOException e) {
      return false;
    }
  }

  private void format(Path lib, Path properties, Path log) throws IOException {
    List<String> command = javaCommand(lib, "kafka.tools.StorageTool", "format",
      "-t", KafkaBrokerFiles.newClusterId(new SecureRandom()), "-c", properties.toString());
    Process tool = new ProcessBuilder(command)
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
      .start();
    try {
      if (!tool.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        tool.destroyForcibly();
        throw new IOException("formatting Kafka storage timed out");
      }
    } catch (InterruptedException e) {
      tool.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while formatting Kafka storage", e);
    }
    if (tool.exitValue() != 0) {
      throw new IOException("formatting Kafka storage failed with exit code " + tool.exitValue());
    }
  }

  private List<String> javaCommand(Path lib, String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx512m",
      // A small broker on a small machine: the serial collector and C1 alone start faster and use less memory,
      // which matters more here (dev runs, tests) than peak throughput.
      "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-Djava.awt.headless=true",
      "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
      "-cp", lib.resolve("*").toString(),
      mainClass));
    command.addAll(List.of(args));
    return command;
  }

  private void awaitStarted(Path log) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("Kafka exited with code " + process.exitValue());
      }
      // The log line says the broker finished starting; the port check says it is our broker that listens.
      if (accepts(port) && Files.readString(log, StandardCharsets.UTF_8).contains(STARTED_LINE)) {
        return;
      }
      RedisServer.sleep(100);
    }
    throw new IOException("Kafka did not start within " + START_TIMEOUT);
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Removes {@code root} and everything under it (test clean-up); the broker must be stopped. */
  public static void deleteDirectory(Path root) {
    try {
      deleteTree(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
