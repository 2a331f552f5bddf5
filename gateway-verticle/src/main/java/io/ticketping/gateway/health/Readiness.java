package io.ticketping.gateway.health;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One readiness check of this JVM, read from the health-check result: each dependency probed (UP or DOWN), each role
 * (UP when all it needs is), and what is down for each role.
 *
 * @param checks by dependency: whether it answered
 * @param roles by role: whether all it needs answered
 * @param down by role: the dependencies it needs that did not answer
 */
record Readiness(Map<String, Boolean> checks, Map<String, Boolean> roles, Map<String, Set<String>> down) {

  /** Reads the result of {@code HealthChecks} whose groups are {@code roles}, each holding a check per dependency. */
  static Readiness from(Collection<String> roles, CheckResult result) {
    Map<String, Boolean> checks = new TreeMap<>();
    Map<String, Boolean> byRole = new TreeMap<>();
    Map<String, Set<String>> down = new TreeMap<>();
    roles.forEach(role -> down.put(role, new TreeSet<>()));
    if (result.getChecks() != null) {
      for (CheckResult role : result.getChecks()) {
        byRole.put(role.getId(), CheckResult.isUp(role));
        for (CheckResult need : role.getChecks() == null ? List.<CheckResult>of() : role.getChecks()) {
          boolean up = CheckResult.isUp(need);
          checks.merge(need.getId(), up, Boolean::logicalAnd);
          if (!up) {
            down.get(role.getId()).add(need.getId());
          }
        }
      }
    }
    roles.forEach(role -> byRole.putIfAbsent(role, true));
    return new Readiness(checks, byRole, down);
  }

  /** What is down for {@code role}, or for any role when it is null. */
  Set<String> downFor(String role) {
    Set<String> missing = new TreeSet<>();
    down.forEach((name, needs) -> {
      if (role == null || role.equals(name)) {
        missing.addAll(needs);
      }
    });
    return missing;
  }

  /** {@code {"redis":"UP",...}} */
  JsonObject checksJson() {
    return upDown(checks);
  }

  /** {@code {"gateway":"UP",...}} */
  JsonObject rolesJson() {
    return upDown(roles);
  }

  private static JsonObject upDown(Map<String, Boolean> states) {
    JsonObject json = new JsonObject();
    states.forEach((name, up) -> json.put(name, up ? "UP" : "DOWN"));
    return json;
  }
}
