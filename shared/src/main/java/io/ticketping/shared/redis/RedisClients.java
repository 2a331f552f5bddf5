package io.ticketping.shared.redis;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the pooled Redis client from the {@code redis} section of the configuration: one standalone server at
 * {@code redis.url}, or, with {@code redis.cluster} true, a Redis Cluster reached through the seed nodes of
 * {@code redis.clusterNodes} (the client learns the slot map from any of them and routes each command by its keys).
 * Each event loop pipelines its commands on one connection ({@link PipelinedRedis}).
 */
public final class RedisClients {

  private static final long SLOT_MAP_TTL_MS = 3_600_000;

  private RedisClients() {
  }

  public static Redis create(Vertx vertx, JsonObject config) {
    JsonObject redis = config.getJsonObject("redis");
    RedisOptions options = new RedisOptions()
      .setMaxPoolSize(redis.getInteger("maxPoolSize"))
      .setMaxPoolWaiting(redis.getInteger("maxWaitingHandlers"))
      .setMaxWaitingHandlers(redis.getInteger("maxWaitingHandlers"));
    if (redis.getBoolean("cluster", false)) {
      List<String> nodes = clusterNodes(redis);
      if (nodes.isEmpty()) {
        throw new IllegalArgumentException("redis.cluster is true but redis.clusterNodes lists no node");
      }
      // Masters only: a replica may lag, and the scripts read what they write (seat holds, queue admission).
      // The slot map is kept for an hour (a MOVED reply still refreshes it at once) instead of one second: in
      // vertx-redis-client 5.0.7 a refresh waits for a pooled connection while busy commands hold them all and wait for
      // the refresh, so under load every command hung (vertx-redis-client#541, fixed in a later 5.0 release).
      options.setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER)
        .setHashSlotCacheTTL(SLOT_MAP_TTL_MS).setTopologyCacheTTL(SLOT_MAP_TTL_MS);
      nodes.forEach(options::addConnectionString);
    } else {
      options.setConnectionString(redis.getString("url"));
    }
    // One pipelined connection per event-loop thread that sends commands (2 per core by default), at most 16.
    int held = 16;
    return new PipelinedRedis(Redis.createClient(vertx, options),
      Redis.createClient(vertx, new RedisOptions(options).setMaxPoolSize(held)), held);
  }

  /**
   * The seed nodes of {@code redis.clusterNodes}: a comma-separated string (as an environment override gives), or a
   * JSON array of strings in a config file.
   */
  static List<String> clusterNodes(JsonObject redis) {
    Object value = redis.getValue("clusterNodes");
    if (value == null) {
      return List.of();
    }
    Stream<String> parts = value instanceof JsonArray array
      ? array.stream().map(String::valueOf)
      : Arrays.stream(value.toString().split(","));
    return parts
      .map(String::trim)
      .filter(s -> !s.isEmpty())
      .toList();
  }
}
