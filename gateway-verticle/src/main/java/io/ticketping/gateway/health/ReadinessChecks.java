package io.ticketping.gateway.health;

import io.ticketping.shared.health.RoleNeeds;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The readiness of this JVM's roles as health-check procedures: a group per role running here ({@link RoleNeeds}),
 * holding a procedure per dependency that role needs, each given {@code timeoutMs} to answer; a group is UP when all
 * of its procedures are. Only what some role here needs is probed, and once per check: the procedures of a dependency
 * that several roles need share one probe.
 */
final class ReadinessChecks {

  private final Vertx vertx;
  private final Map<String, Supplier<Future<?>>> probes;
  private final long timeoutMs;

  /** @param probes by dependency name ({@link RoleNeeds#REDIS} and the others): a call that succeeds when it answers */
  ReadinessChecks(Vertx vertx, Map<String, Supplier<Future<?>>> probes, long timeoutMs) {
    this.vertx = vertx;
    this.probes = Map.copyOf(probes);
    this.timeoutMs = timeoutMs;
  }

  /** Probes what the roles running here need and tells each role's readiness. */
  Future<Readiness> check() {
    Map<String, List<String>> roles = RoleNeeds.declared(vertx);
    // Registered anew for each check: roles come and go with their verticles.
    HealthChecks checks = HealthChecks.create(vertx);
    Map<String, Future<?>> probed = new ConcurrentHashMap<>();
    roles.forEach((role, needs) -> needs.forEach(need ->
      checks.register(role + "/" + need, timeoutMs, promise -> procedure(need, probed, promise))));
    return checks.checkStatus().map(result -> Readiness.from(roles.keySet(), result));
  }

  private void procedure(String need, Map<String, Future<?>> probed, Promise<Status> promise) {
    probed.computeIfAbsent(need, this::probe)
      .map(answered -> Status.OK())
      .otherwise(Status.KO())
      .onSuccess(promise::tryComplete);
  }

  private Future<?> probe(String need) {
    Supplier<Future<?>> probe = probes.get(need);
    if (probe == null) {
      return Future.failedFuture("no probe for " + need);
    }
    try {
      return probe.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
