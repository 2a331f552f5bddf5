package io.ticketping.shared.pg;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Takes over a database migrated before Flyway, whose applied files are rows {@code (module, 'V<n>__<what>.sql')} of
 * {@code schema_migrations}: the module's Flyway history is started with those versions recorded as applied (with the
 * checksums of today's files, so they are validated from now on) without running them again. The old table is left as
 * it is. Blocking JDBC, like Flyway.
 */
final class LegacyMigrationHistory {

  private static final Logger LOG = LoggerFactory.getLogger(LegacyMigrationHistory.class);
  static final String TABLE = "schema_migrations";

  private LegacyMigrationHistory() {
  }

  /** Records the module's earlier applied migrations in its Flyway history, when it has none yet. */
  static void takeOver(Flyway flyway, String module) {
    Configuration config = flyway.getConfiguration();
    Set<MigrationVersion> applied = applied(config, module);
    if (applied.isEmpty()) {
      return;
    }
    MigrationVersion last = applied.stream().max(MigrationVersion::compareTo).orElseThrow();
    Set<MigrationVersion> expected = Arrays.stream(flyway.info().all())
      .filter(MigrationInfo::isVersioned)
      .map(MigrationInfo::getVersion)
      .filter(version -> version.compareTo(last) <= 0)
      .collect(Collectors.toCollection(TreeSet::new));
    if (!expected.equals(applied)) {
      throw new IllegalStateException("Cannot take over the migrations of " + module + " from " + TABLE
        + ": it records versions " + applied + " but the files up to V" + last + " are " + expected + ".");
    }
    // Records V1..last as applied without running them; Flyway's lock makes a concurrent second take-over a no-op.
    Flyway.configure(SchemaMigrations.class.getClassLoader())
      .configuration(config)
      .skipExecutingMigrations(true)
      .target(last)
      .load()
      .migrate();
    LOG.info("Took over {} migrations of {} (up to V{}) from {} into {}", applied.size(), module, last, TABLE,
      config.getTable());
  }

  /** The versions {@code schema_migrations} records for {@code module}; none when Flyway's history exists already. */
  private static Set<MigrationVersion> applied(Configuration config, String module) {
    Set<MigrationVersion> versions = new TreeSet<>();
    try (Connection conn = config.getDataSource().getConnection()) {
      if (exists(conn, config.getTable()) || !exists(conn, TABLE)) {
        return versions;
      }
      try (PreparedStatement st = conn.prepareStatement("SELECT version FROM " + TABLE + " WHERE module = ?")) {
        st.setString(1, module);
        try (ResultSet rows = st.executeQuery()) {
          while (rows.next()) {
            versions.add(version(rows.getString(1)));
          }
        }
      }
      return versions;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the earlier migrations of " + module + ": " + e.getMessage(), e);
    }
  }

  /** {@code V10__show_keys_expiry.sql} is version 10. */
  static MigrationVersion version(String file) {
    int end = file.indexOf("__");
    if (!file.startsWith("V") || end < 2) {
      throw new IllegalStateException("Not a migration file name in " + TABLE + ": " + file);
    }
    return MigrationVersion.fromVersion(file.substring(1, end));
  }

  private static boolean exists(Connection conn, String table) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      st.setString(1, table);
      try (ResultSet rows = st.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    }
  }
}
