package io.ticketping.deploy;

import io.ticketping.shared.devservices.KafkaServer;
import io.ticketping.shared.devservices.PostgresServer;
import io.ticketping.shared.devservices.RedisServer;
import io.ticketping.shared.events.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The servers the dev run command starts next to the system: a real redis-server, an embedded PostgreSQL and a
 * single-node Kafka broker (its own JVM) on the ports of the configuration, with their data under
 * {@code <dataDir>/redis}, {@code <dataDir>/postgres} and {@code <dataDir>/kafka}, kept between runs.
 *
 * <p>Start and stop are synchronized: a shutdown hook that fires while the servers are still starting waits for the
 * start to end and then stops every server, so an early Ctrl-C leaves no child process behind.
 */
final class DevServers {

  private static final Logger LOG = LoggerFactory.getLogger(DevServers.class);

  private RedisServer redis;
  private PostgresServer postgres;
  private KafkaServer kafka;
  private JsonObject config;

  synchronized void start(JsonObject config, Path dataDir) {
    this.config = config;
    JsonObject kafkaConfig = config.getJsonObject("kafka");
    kafka = new KafkaServer(kafkaPort(kafkaConfig.getString("bootstrapServers")),
      kafkaConfig.getInteger("controllerPort"), dataDir.resolve("kafka"), true);
    // The broker takes several seconds (a JVM of its own): let it boot while Redis and PostgreSQL start.
    KafkaServer broker = kafka;
    CompletableFuture<KafkaServer> kafkaStarted = CompletableFuture.supplyAsync(broker::start);
    try {
      int redisPort = URI.create(config.getJsonObject("redis").getString("url")).getPort();
      redis = new RedisServer(redisPort < 0 ? 6379 : redisPort, dataDir.resolve("redis"), true).start();
      LOG.info("Redis started on port {} (data in {})", redis.port(), dataDir.resolve("redis"));
      JsonObject pg = config.getJsonObject("postgres");
      postgres = new PostgresServer(pg.getInteger("port"), dataDir.resolve("postgres"), true)
        .start(pg.getString("database"));
      pg.put("user", PostgresServer.USER);
      LOG.info("PostgreSQL started on port {} (data in {})", postgres.port(), dataDir.resolve("postgres"));
      kafkaStarted.join();
      LOG.info("Kafka started on port {} (data in {})", kafka.port(), dataDir.resolve("kafka"));
    } catch (CompletionException e) {
      stop();
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    } catch (RuntimeException e) {
      // KafkaServer.stop waits for a start in progress, so the broker is stopped too, not left running.
      stop();
      throw e;
    }
  }

  /** Creates the Kafka topics (auto-creation is off on our broker); nothing to do when no broker was started. */
  synchronized Future<Void> createTopics(Vertx vertx) {
    return kafka == null ? Future.succeededFuture() : Topics.createAll(vertx, config);
  }

  synchronized void stop() {
    if (kafka != null) {
      kafka.stop();
    }
    if (postgres != null) {
      try {
        postgres.stop();
      } catch (RuntimeException e) {
        LOG.debug("PostgreSQL was already stopped: {}", e.toString());
      }
    }
    if (redis != null) {
      redis.stop();
    }
  }

  /** The port of the first {@code host:port} of a bootstrap list. */
  static int kafkaPort(String bootstrapServers) {
    String first = bootstrapServers.split(",")[0].trim();
    int colon = first.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("kafka.bootstrapServers must be host:port, not " + bootstrapServers);
    }
    return Integer.parseInt(first.substring(colon + 1));
  }
}
