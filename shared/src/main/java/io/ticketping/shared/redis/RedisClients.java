package io.ticketping.shared.redis;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** Builds the pooled Redis client from the {@code redis} section of the configuration. */
public final class RedisClients {

  private RedisClients() {
  }

  public static Redis create(Vertx vertx, JsonObject config) {
    JsonObject redis = config.getJsonObject("redis");
    RedisOptions options = new RedisOptions()
      .setConnectionString(redis.getString("url"))
      .setMaxPoolSize(redis.getInteger("maxPoolSize"))
      .setMaxPoolWaiting(redis.getInteger("maxWaitingHandlers"))
      .setMaxWaitingHandlers(redis.getInteger("maxWaitingHandlers"));
    return Redis.createClient(vertx, options);
  }
}
