package io.ticketping.gateway.health;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;

import java.util.concurrent.TimeUnit;

/**
 * {@code /health}: the process is alive (no dependency checked, so a Redis outage does not get healthy gateways
 * restarted). {@code /ready}: Redis and PostgreSQL both answer within a second; 503 otherwise, so that a load balancer
 * stops sending traffic here until they are back.
 */
public final class HealthRoutes {

  private static final long CHECK_TIMEOUT_MS = 1000;

  private final Redis redis;
  private final Pool pool;

  public HealthRoutes(Redis redis, Pool pool) {
    this.redis = redis;
    this.pool = pool;
  }

  public void health(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "UP"));
  }

  public void ready(RoutingContext ctx) {
    Future<Boolean> redisUp = check(redis.send(Request.cmd(Command.PING)));
    Future<Boolean> postgresUp = check(pool.query("SELECT 1").execute());
    Future.join(redisUp, postgresUp).onComplete(done -> {
      boolean up = redisUp.result() && postgresUp.result();
      ctx.response()
        .setStatusCode(up ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject()
          .put("status", up ? "UP" : "DOWN")
          .put("checks", new JsonObject()
            .put("redis", redisUp.result() ? "UP" : "DOWN")
            .put("postgres", postgresUp.result() ? "UP" : "DOWN"))
          .toBuffer());
    });
  }

  private static Future<Boolean> check(Future<?> probe) {
    return probe.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS).map(ok -> true).otherwise(false);
  }
}
