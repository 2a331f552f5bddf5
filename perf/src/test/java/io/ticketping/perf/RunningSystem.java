package io.ticketping.perf;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The assembled jar ({@code deploy/target/ticketping.jar}) started the way the README's run command does ({@code --dev}:
 * its own Redis, PostgreSQL and Kafka), on free ports and in a temporary data folder, so the smoke run exercises the
 * very system the simulations are written for and never disturbs one already running.
 */
final class RunningSystem implements AutoCloseable {

  static final String JWT_SECRET = "perf-smoke-secret-0123456789-abcdefghij";

  final int httpPort;
  final int pgPort;
  final int simulatorPort;
  private final Process process;
  private final Path log;

  private RunningSystem(Path jar, Path dataDir) throws IOException {
    int[] ports = freePorts(6);
    httpPort = ports[0];
    pgPort = ports[1];
    int kafkaPort = ports[2];
    simulatorPort = ports[3];
    log = dataDir.resolve("system.log");
    ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString(), "--dev")
      .directory(jar.getParent().getParent().getParent().toFile())
      .redirectErrorStream(true)
      .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("TICKETPING_DATA_DIR", dataDir.toString());
    env.put("TICKETPING_HTTP_PORT", Integer.toString(httpPort));
    env.put("TICKETPING_HTTP_ACCESS_LOG", "false");
    env.put("TICKETPING_REDIS_URL", "redis://127.0.0.1:" + ports[4]);
    env.put("TICKETPING_POSTGRES_PORT", Integer.toString(pgPort));
    env.put("TICKETPING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort);
    env.put("TICKETPING_KAFKA_CONTROLLER_PORT", Integer.toString(ports[5]));
    env.put("TICKETPING_PAYMENT_SIMULATOR_PORT", Integer.toString(simulatorPort));
    env.put("TICKETPING_PAYMENT_PROVIDER_BASE_URL", "http://127.0.0.1:" + simulatorPort);
    env.put("TICKETPING_JWT_SECRET", JWT_SECRET);
    env.put("TICKETPING_QUEUE_TICK_MILLIS", "200");
    process = builder.start();
  }

  /** Starts the jar and waits until {@code /ready} answers 200 (at most {@code timeout}). */
  static RunningSystem start(Path jar, Duration timeout) throws Exception {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it first (mvn -B -DskipTests package "
        + "from the repository root; mvn verify of the whole project builds it before this module)");
    }
    RunningSystem system = new RunningSystem(jar.toAbsolutePath(), Files.createTempDirectory("ticketping-perf-smoke"));
    system.awaitReady(timeout);
    return system;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  String simulatorUrl() {
    return "http://127.0.0.1:" + simulatorPort;
  }

  private void awaitReady(Duration timeout) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The system exited during start; see " + log);
      }
      try {
        HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/ready"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(250);
    }
    close();
    throw new IllegalStateException("The system was not ready within " + timeout + "; see " + log);
  }

  /** SIGTERM, which stops its servers too (they are its children); SIGKILL if it lingers. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /** {@code n} distinct free ports: their sockets are all open at once, so the kernel cannot hand one out twice. */
  private static int[] freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }
}
