package io.ticketping.deploy;

import io.ticketping.shared.devservices.PostgresServer;
import io.ticketping.shared.devservices.RedisServer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;

/**
 * The servers the dev run command starts next to the system: a real redis-server and an embedded PostgreSQL on the
 * ports of the configuration, with their data under {@code <dataDir>/redis} and {@code <dataDir>/postgres}, kept
 * between runs.
 */
final class DevServers {

  private static final Logger LOG = LoggerFactory.getLogger(DevServers.class);

  private final RedisServer redis;
  private final PostgresServer postgres;

  private DevServers(RedisServer redis, PostgresServer postgres) {
    this.redis = redis;
    this.postgres = postgres;
  }

  static DevServers none() {
    return new DevServers(null, null);
  }

  static DevServers start(JsonObject config, Path dataDir) {
    int redisPort = URI.create(config.getJsonObject("redis").getString("url")).getPort();
    JsonObject pg = config.getJsonObject("postgres");
    RedisServer redis = new RedisServer(redisPort < 0 ? 6379 : redisPort, dataDir.resolve("redis"), true).start();
    LOG.info("Redis started on port {} (data in {})", redis.port(), dataDir.resolve("redis"));
    try {
      PostgresServer postgres = new PostgresServer(pg.getInteger("port"), dataDir.resolve("postgres"), true)
        .start(pg.getString("database"));
      pg.put("user", PostgresServer.USER);
      LOG.info("PostgreSQL started on port {} (data in {})", postgres.port(), dataDir.resolve("postgres"));
      return new DevServers(redis, postgres);
    } catch (RuntimeException e) {
      redis.stop();
      throw e;
    }
  }

  void stop() {
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
}
