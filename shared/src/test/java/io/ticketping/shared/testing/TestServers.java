package io.ticketping.shared.testing;

import io.ticketping.shared.config.AppConfig;
import io.ticketping.shared.crypto.Es256Keys;
import io.ticketping.shared.devservices.KafkaServer;
import io.ticketping.shared.devservices.PostgresServer;
import io.ticketping.shared.devservices.RedisCluster;
import io.ticketping.shared.devservices.RedisServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real servers every test runs against: one {@code redis-server} and one PostgreSQL on free loopback ports in
 * temp folders, started once per test JVM (one per Maven module) and stopped when it exits. Tests call
 * {@link #reset()} before each case so that no state leaks from one to the next.
 *
 * <p>A Kafka broker is started too, but only by the first call to {@link #kafka()} (it takes several seconds), so
 * only the test JVMs that need one pay for it. Kafka keeps its topics across tests: a test uses topic and group
 * names of its own (see {@link #uniqueName(String)}).
 */
public final class TestServers {

  public static final String DATABASE = "ticketping";
  /** Every port {@link #freePort} gave out in this JVM. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
  private static final int[] UNSHARED_PORTS = unsharedPorts();
  private static TestServers instance;

  private final RedisServer redis;
  private final PostgresServer postgres;
  private final String jwtSecret;
  private final Es256Keys passKeys = Es256Keys.generate();
  /** {@code standalone} (the default) or {@code cluster}: which Redis {@link #config()} points at. */
  public static final String REDIS_MODE_PROPERTY = "ticketping.test.redis";

  private final Path root;
  private KafkaServer kafka;
  private RedisCluster redisCluster;

  private TestServers(Path root, RedisServer redis, PostgresServer postgres) {
    this.root = root;
    this.redis = redis;
    this.postgres = postgres;
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.jwtSecret = Base64.getEncoder().encodeToString(secret);
  }

  /** The servers of this JVM, started on first use. */
  public static synchronized TestServers get() {
    if (instance == null) {
      try {
        Path root = Files.createTempDirectory("ticketping-test-");
        RedisServer redis = new RedisServer(freePort(), root.resolve("redis"), false).start();
        PostgresServer postgres = new PostgresServer(freePort(), root.resolve("postgres"), false).start(DATABASE);
        instance = new TestServers(root, redis, postgres);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          redis.stop();
          postgres.stop();
        }, "test-servers-stop"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /**
   * The application configuration pointed at these servers, with test-sized settings: at the standalone Redis, or at
   * {@link #redisCluster()} when the system property {@value #REDIS_MODE_PROPERTY} is {@code cluster} (so that a
   * whole suite can run a second time on the cluster without a line of its own changing).
   */
  public JsonObject config() {
    return onCluster() ? clusterConfig() : standaloneConfig();
  }

  /** True when this JVM's suites run on the Redis Cluster ({@value #REDIS_MODE_PROPERTY}{@code =cluster}). */
  public static boolean onCluster() {
    return "cluster".equals(System.getProperty(REDIS_MODE_PROPERTY, "standalone"));
  }

  private JsonObject standaloneConfig() {
    JsonObject config = AppConfig.defaults();
    config.getJsonObject("http").put("host", "127.0.0.1").put("port", 0).put("accessLog", false);
    config.getJsonObject("redis").put("url", redis.url());
    config.getJsonObject("postgres").put("port", postgres.port()).put("database", DATABASE)
      .put("user", PostgresServer.USER);
    config.getJsonObject("jwt").put("secret", jwtSecret);
    config.getJsonObject("queuePass").put("privateKeyPem", passKeys.privatePem())
      .put("publicKeyPem", passKeys.publicPem());
    // Still the real KDF, with fewer rounds so that a test signing up dozens of users stays quick.
    config.getJsonObject("auth").put("pbkdf2Iterations", 10_000);
    config.getJsonObject("kafka")
      // Before kafka() a closed port, so that a test can never reach a developer's own broker on 9092 by mistake.
      .put("bootstrapServers", kafkaBootstrapServers())
      // Test-sized waits: quick retries and polls, a short delivery timeout for the broker-outage tests.
      .put("deliveryTimeoutMs", 6000)
      .put("relayPollMillis", 100)
      .put("consumerPollMillis", 200)
      .put("consumerRetryBackoffMs", 100)
      .put("consumerMaxBackoffMs", 1000)
      .put("consumerMaxAttempts", 3);
    return config;
  }

  /**
   * The Kafka broker of this JVM, started on first use on free ports (a few seconds) and stopped when the JVM exits.
   * From then on {@link #config()} carries its {@code kafka.bootstrapServers}.
   */
  public synchronized KafkaServer kafka() {
    if (kafka == null) {
      Path dir = root.resolve("kafka");
      KafkaServer server = new KafkaServer(freePort(), freePort(), dir, false).start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.stop();
        KafkaServer.deleteDirectory(dir);
      }, "test-kafka-stop"));
      kafka = server;
    }
    return kafka;
  }

  private synchronized String kafkaBootstrapServers() {
    return kafka == null ? "127.0.0.1:1" : kafka.bootstrapServers();
  }

  /** A name no other test of this JVM uses, for Kafka topics and consumer groups (they outlive {@link #reset()}). */
  public static String uniqueName(String prefix) {
    return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
  }

  public RedisServer redis() {
    return redis;
  }

  /**
   * A Redis Cluster of three masters on free ports, started on first use (about three seconds) and stopped when the
   * JVM exits. From then on {@link #reset()} empties it too.
   */
  public synchronized RedisCluster redisCluster() {
    if (redisCluster == null) {
      List<Integer> ports = new ArrayList<>();
      while (ports.size() < 3) {
        int port = freePort();
        // The cluster bus listens on port + 10000: both must be free and distinct from the others.
        if (port < 55535 && !ports.contains(port) && !ports.contains(port + 10000) && !ports.contains(port - 10000)
          && isFree(port + 10000)) {
          ports.add(port);
        }
      }
      RedisCluster cluster = new RedisCluster(ports, root.resolve("redis-cluster")).start();
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "test-redis-cluster-stop"));
      redisCluster = cluster;
    }
    return redisCluster;
  }

  /** {@link #config()} pointed at {@link #redisCluster()} (started if it was not) instead of the standalone Redis. */
  public JsonObject clusterConfig() {
    JsonObject config = standaloneConfig();
    config.getJsonObject("redis").put("cluster", true).put("clusterNodes", redisCluster().nodes());
    return config;
  }

  /**
   * Empties Redis and every application table (the migration history stays, so schemas are not re-created). Ids keep
   * counting up: Kafka topics outlive a reset, and an event a test left behind must never name a user, show or order
   * of the next test.
   */
  public void reset() {
    redisCommand("FLUSHALL");
    RedisCluster cluster;
    synchronized (this) {
      cluster = redisCluster;
    }
    if (cluster != null) {
      cluster.flushAll();
    }
    try (Connection conn = postgres.connection(DATABASE); Statement st = conn.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        + "AND tablename <> 'schema_migrations' AND tablename NOT LIKE 'flyway\\_schema\\_history\\_%'")) {
        while (rs.next()) {
          tables.add('"' + rs.getString(1) + '"');
        }
      }
      if (!tables.isEmpty()) {
        st.execute("TRUNCATE " + String.join(", ", tables) + " CASCADE");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reset PostgreSQL", e);
    }
  }

  /** Sends one inline command to the test Redis and returns its raw reply line. */
  public String redisCommand(String command) {
    try (Socket socket = new Socket("127.0.0.1", redis.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        line.append((char) c);
      }
      return line.toString().trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A port nothing listens on right now, never one this JVM handed out before: two servers of one test (Kafka's broker
   * and controller, say) must not both be told to bind it. Taken just below the kernel's ephemeral range when it is
   * known: a port from that range can be taken, between now and the server's bind, by the local end of any outgoing
   * connection (the tests' Kafka and Hazelcast clients open many; a split-roles run once lost its Hazelcast port so).
   */
  public static int freePort() {
    while (true) {
      int port = UNSHARED_PORTS == null ? anyPort()
        : UNSHARED_PORTS[0] + ThreadLocalRandom.current().nextInt(UNSHARED_PORTS[1] - UNSHARED_PORTS[0] + 1);
      if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
        return port;
      }
    }
  }

  /** 10,000 ports just below the kernel's ephemeral range, or null where that range cannot be read. */
  private static int[] unsharedPorts() {
    try {
      String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      int low = Integer.parseInt(range[0]);
      return low > 11_024 ? new int[] {low - 10_000, low - 1} : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static int anyPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
