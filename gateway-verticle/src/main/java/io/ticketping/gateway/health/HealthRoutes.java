package io.ticketping.gateway.health;

import io.ticketping.shared.health.RoleNeeds;
import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /health}: the process is alive (no dependency checked, so a Redis outage does not get healthy processes
 * restarted). {@code /ready}: each role running in this JVM ({@link RoleNeeds}) is ready when what it needs answers
 * within a second (health-check procedures, {@link ReadinessChecks}): the gateway Redis and PostgreSQL, the queue
 * Redis, booking PostgreSQL, Redis and Kafka, payment PostgreSQL and Kafka. Only what some role here needs is probed.
 * {@code /ready} answers 200 or a 503 problem naming
 * what is down for the roles it serves (the gateway's port serves the gateway, whose traffic a load balancer routes
 * by it; a role JVM's health port serves all of its roles), and reports every role of the JVM in {@code roles};
 * {@code /ready/{role}} answers for one role of this JVM (404 for a role not running here).
 */
public final class HealthRoutes {

  /** How long one dependency may take to answer a readiness check. */
  public static final long CHECK_TIMEOUT_MS = 1000;

  private final Vertx vertx;
  private final ReadinessChecks readiness;
  /** The role whose readiness {@code /ready} answers with, or null for every role of this JVM. */
  private final String served;

  private HealthRoutes(Vertx vertx, Redis redis, Pool pool, KafkaProbe kafka, String served) {
    this.vertx = vertx;
    this.served = served;
    Map<String, Supplier<Future<?>>> probes = Map.of(
      RoleNeeds.REDIS, () -> redis.send(Request.cmd(Command.PING)),
      RoleNeeds.POSTGRES, () -> pool.query("SELECT 1").execute(),
      RoleNeeds.KAFKA, kafka::check);
    this.readiness = new ReadinessChecks(vertx, probes, CHECK_TIMEOUT_MS);
  }

  /** Routes whose {@code /ready} answers for {@code role} alone (reporting the other roles of the JVM). */
  public static HealthRoutes forRole(Vertx vertx, Redis redis, Pool pool, KafkaProbe kafka, String role) {
    return new HealthRoutes(vertx, redis, pool, kafka, role);
  }

  /** Routes whose {@code /ready} answers for every role of this JVM. */
  public static HealthRoutes forAllRoles(Vertx vertx, Redis redis, Pool pool, KafkaProbe kafka) {
    return new HealthRoutes(vertx, redis, pool, kafka, null);
  }

  /** {@code /health}, {@code /ready} and {@code /ready/:role} on {@code router}. */
  public void mount(Router router) {
    // Liveness: answering at all is the check, so its one procedure always succeeds.
    router.get("/health").handler(HealthCheckHandler.create(vertx)
      .register("process", promise -> promise.complete(Status.OK())));
    router.get("/ready").handler(ctx -> ready(ctx, served));
    router.get("/ready/:role").handler(ctx -> {
      String role = ctx.pathParam("role");
      if (RoleNeeds.declared(vertx).containsKey(role)) {
        ready(ctx, role);
      } else {
        answer(ctx, 404, Problem.notFound("No role '" + role + "' runs in this process.").toJson());
      }
    });
  }

  /** Checks the roles of this JVM, then answers for {@code role} (null: all of them). */
  private void ready(RoutingContext ctx, String role) {
    readiness.check()
      .onFailure(e -> answer(ctx, 503, Problem.unavailable("Not ready: the readiness check failed.").toJson()))
      .onSuccess(result -> {
        Set<String> down = result.downFor(role);
        if (down.isEmpty()) {
          answer(ctx, 200, new JsonObject().put("status", "UP").put("checks", result.checksJson())
            .put("roles", result.rolesJson()));
        } else {
          answer(ctx, 503, notReady(down).with("checks", result.checksJson()).with("roles", result.rolesJson())
            .toJson());
        }
      });
  }

  /** A 503 problem naming each dependency that did not answer. */
  private static Problem notReady(Set<String> down) {
    return Problem.unavailable("Not ready: no answer within " + CHECK_TIMEOUT_MS + " ms from "
        + String.join(", ", down) + ".")
      .with("down", new JsonArray(List.copyOf(down)));
  }

  private static void answer(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
      .setStatusCode(status)
      .putHeader("Content-Type", status == 200 ? "application/json" : Problem.CONTENT_TYPE)
      .putHeader("Cache-Control", "no-store")
      .end(body.toBuffer());
  }
}
