package io.ticketping.shared.devservices;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local Redis Cluster of three masters (no replicas) on loopback, each a {@code redis-server} child process with its
 * data in a folder of {@code dir}; the slots are assigned by {@code redis-cli --cluster create}. For tests: blocking by
 * design, started before Vert.x, never from an event loop.
 */
public final class RedisCluster implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisServer> masters = new ArrayList<>();
  private final Path dir;
  private final List<Integer> ports;

  public RedisCluster(List<Integer> ports, Path dir) {
    if (ports.size() < 3) {
      throw new IllegalArgumentException("a Redis Cluster needs at least three masters");
    }
    this.ports = List.copyOf(ports);
    this.dir = dir;
  }

  public List<Integer> ports() {
    return ports;
  }

  /** The seed nodes as {@code redis.clusterNodes} takes them: {@code redis://127.0.0.1:P1,redis://...}. */
  public String nodes() {
    return String.join(",", ports.stream().map(p -> "redis://127.0.0.1:" + p).toList());
  }

  public synchronized RedisCluster start() {
    if (!masters.isEmpty()) {
      return this;
    }
    try {
      for (int port : ports) {
        masters.add(new RedisServer(port, dir.resolve("node-" + port), false, List.of(
          "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
          "--cluster-node-timeout", "5000")).start());
      }
      List<String> create = new ArrayList<>(List.of(Executables.find("redis-cli"), "--cluster", "create"));
      ports.forEach(p -> create.add("127.0.0.1:" + p));
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      String out = run(create);
      if (!out.contains("[OK] All 16384 slots covered")) {
        throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
      }
      awaitClusterOk();
      return this;
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  /** Stops every master; the cluster's data is lost. */
  public synchronized void stop() {
    masters.forEach(RedisServer::stop);
    masters.clear();
  }

  @Override
  public void close() {
    stop();
  }

  /** Empties every master (a keyless command such as FLUSHALL reaches one node only, so it goes to each). */
  public void flushAll() {
    for (int port : ports) {
      String reply = cli(port, "FLUSHALL");
      if (!reply.trim().equals("OK")) {
        throw new IllegalStateException("FLUSHALL on " + port + " answered " + reply);
      }
    }
  }

  /** The slot of a key, as the cluster computes it. */
  public int keySlot(String key) {
    return Integer.parseInt(cli(ports.get(0), "CLUSTER", "KEYSLOT", key).trim());
  }

  /** The port of the master that owns {@code slot}, read from {@code CLUSTER NODES}. */
  public int ownerOf(int slot) {
    for (String line : cli(ports.get(0), "CLUSTER", "NODES").split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length < 9 || !f[2].contains("master")) {
        continue;
      }
      for (int i = 8; i < f.length; i++) {
        if (f[i].startsWith("[")) {
          continue; // a slot being migrated
        }
        String[] range = f[i].split("-");
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        if (slot >= from && slot <= to) {
          String address = f[1].split("@")[0];
          return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        }
      }
    }
    throw new IllegalStateException("no master owns slot " + slot);
  }

  /** The keys stored on the node at {@code port} only (KEYS is not routed: it answers for that node). */
  public List<String> keysOn(int port) {
    String out = cli(port, "KEYS", "*").trim();
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  /** Runs one command with {@code redis-cli} against one node (no redirects followed) and returns its output. */
  public String cli(int port, String... command) {
    List<String> args = new ArrayList<>(List.of(Executables.find("redis-cli"), "-h", "127.0.0.1",
      "-p", String.valueOf(port)));
    args.addAll(List.of(command));
    return run(args);
  }

  private void awaitClusterOk() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      boolean ok = true;
      for (int port : ports) {
        ok &= cli(port, "CLUSTER", "INFO").contains("cluster_state:ok");
      }
      if (ok) {
        return;
      }
      RedisServer.sleep(100);
    }
    throw new IllegalStateException("the Redis Cluster on " + ports + " did not reach cluster_state:ok within "
      + READY_TIMEOUT);
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
