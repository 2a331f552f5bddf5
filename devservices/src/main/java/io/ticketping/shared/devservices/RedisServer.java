package io.ticketping.shared.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} child process on loopback, for the dev run command and the tests. Blocking by design:
 * it is started before Vert.x, never from an event loop.
 */
public final class RedisServer implements AutoCloseable {

  private final int port;
  private final Path dir;
  private final boolean persistent;
  private final List<String> extraArgs;
  private Process process;

  /**
   * @param persistent keep data in {@code dir} across restarts (append-only file), as the dev mode wants; tests pass
   *                   {@code false} for a faster, throw-away server
   */
  public RedisServer(int port, Path dir, boolean persistent) {
    this(port, dir, persistent, List.of());
  }

  /** As above, with more {@code redis-server} options (the cluster fixture turns cluster mode on with them). */
  RedisServer(int port, Path dir, boolean persistent, List<String> extraArgs) {
    this.port = port;
    this.dir = dir;
    this.persistent = persistent;
    this.extraArgs = List.copyOf(extraArgs);
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public synchronized RedisServer start() {
    if (process != null && process.isAlive()) {
      return this;
    }
    try {
      Files.createDirectories(dir);
      List<String> command = new ArrayList<>(List.of(Executables.find("redis-server"),
        "--port", String.valueOf(port), "--bind", "127.0.0.1", "--daemonize", "no",
        "--dir", dir.toAbsolutePath().toString(), "--logfile", "redis.log", "--save", ""));
      command.addAll(persistent ? List.of("--appendonly", "yes") : List.of("--appendonly", "no"));
      command.addAll(extraArgs);
      process = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
      awaitPong(Duration.ofSeconds(20));
      return this;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start redis-server on port " + port + " (see " + dir + "/redis.log)", e);
    }
  }

  /** Stops the server; data not persisted is lost, as with a crash. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  private void awaitPong(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with " + process.exitValue());
      }
      if (ping()) {
        return;
      }
      sleep(50);
    }
    throw new IOException("redis-server did not answer PING within " + timeout);
  }

  private boolean ping() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
