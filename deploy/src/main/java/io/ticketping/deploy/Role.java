package io.ticketping.deploy;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What one JVM runs. {@code all} is every role in one Vert.x without a cluster manager; any other subset joins the
 * clustered event bus and deploys only its own verticles.
 */
enum Role {
  GATEWAY, QUEUE, BOOKING, PAYMENT;

  /** Parses {@code all} or a comma-separated subset such as {@code gateway,queue}. */
  static Set<Role> parse(String value) {
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("all")) {
      return EnumSet.allOf(Role.class);
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : value.split(",")) {
      try {
        roles.add(Role.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown role '" + name.trim()
          + "': expected all, or a comma-separated subset of gateway, queue, booking, payment", e);
      }
    }
    return roles;
  }

  /** Whether {@code roles} is the whole system, which runs without a cluster. */
  static boolean isAll(Set<Role> roles) {
    return roles.containsAll(EnumSet.allOf(Role.class));
  }
}
