package io.ticketping.shared.health;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each role running in this Vert.x needs to answer before it is ready, so that readiness reports the roles
 * deployed here, each by its own needs, and probes nothing they do not use. Each role's verticle declares its needs
 * when it starts and withdraws them when it stops (a role deployed as several instances is counted).
 */
public final class RoleNeeds {

  public static final String REDIS = "redis";
  public static final String POSTGRES = "postgres";
  public static final String KAFKA = "kafka";
  private static final String MAP = "ticketping.role-needs";

  private RoleNeeds() {
  }

  /** {@code role} runs one more instance here and is ready when every one of {@code needs} answers. */
  public static void declare(Vertx vertx, String role, String... needs) {
    roles(vertx).compute(role, (name, known) -> new JsonObject()
      .put("needs", new JsonArray(List.of(needs)))
      .put("instances", known == null ? 1 : known.getInteger("instances") + 1));
  }

  /** One instance of {@code role} stopped; the role is gone from here with its last instance. */
  public static void withdraw(Vertx vertx, String role) {
    roles(vertx).computeIfPresent(role, (name, known) -> known.getInteger("instances") <= 1 ? null
      : known.copy().put("instances", known.getInteger("instances") - 1));
  }

  /** Each role running here (by name) and what it needs. */
  public static Map<String, List<String>> declared(Vertx vertx) {
    Map<String, List<String>> needs = new TreeMap<>();
    roles(vertx).forEach((role, known) -> needs.put(role,
      known.getJsonArray("needs").stream().map(String::valueOf).toList()));
    return needs;
  }

  private static LocalMap<String, JsonObject> roles(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
