package io.ticketping.gateway.health;

import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;

import java.util.concurrent.TimeUnit;

/**
 * {@code /health}: the process is alive (no dependency checked, so a Redis outage does not get healthy gateways
 * restarted). {@code /ready}: Redis, PostgreSQL and Kafka all answer within a second; otherwise 503 with a problem
 * body naming what is down, so that a load balancer stops sending traffic here until they are back.
 */
public final class HealthRoutes {

  /** How long one dependency may take to answer a readiness check. */
  public static final long CHECK_TIMEOUT_MS = 1000;

  private final Redis redis;
  private final Pool pool;
  private final KafkaProbe kafka;

  public HealthRoutes(Redis redis, Pool pool, KafkaProbe kafka) {
    this.redis = redis;
    this.pool = pool;
    this.kafka = kafka;
  }

  public void health(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "UP"));
  }

  public void ready(RoutingContext ctx) {
    Future<Boolean> redisUp = check(redis.send(Request.cmd(Command.PING)));
    Future<Boolean> postgresUp = check(pool.query("SELECT 1").execute());
    Future<Boolean> kafkaUp = check(kafka.check());
    Future.join(redisUp, postgresUp, kafkaUp).onComplete(done -> {
      JsonObject checks = new JsonObject()
        .put("redis", status(redisUp))
        .put("postgres", status(postgresUp))
        .put("kafka", status(kafkaUp));
      boolean up = redisUp.result() && postgresUp.result() && kafkaUp.result();
      JsonObject body = up ? new JsonObject().put("status", "UP").put("checks", checks) : notReady(checks).toJson();
      ctx.response()
        .setStatusCode(up ? 200 : 503)
        .putHeader("Content-Type", up ? "application/json" : Problem.CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(body.toBuffer());
    });
  }

  /** A 503 problem naming each dependency that did not answer, with every check's result. */
  private static Problem notReady(JsonObject checks) {
    JsonArray down = new JsonArray();
    checks.forEach(check -> {
      if ("DOWN".equals(check.getValue())) {
        down.add(check.getKey());
      }
    });
    return Problem.unavailable("Not ready: no answer within " + CHECK_TIMEOUT_MS + " ms from "
        + String.join(", ", down.stream().map(String::valueOf).toList()) + ".")
      .with("down", down)
      .with("checks", checks);
  }

  private static String status(Future<Boolean> check) {
    return check.result() ? "UP" : "DOWN";
  }

  private static Future<Boolean> check(Future<?> probe) {
    return probe.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS).map(ok -> true).otherwise(false);
  }
}
