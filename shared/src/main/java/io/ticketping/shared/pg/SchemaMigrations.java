package io.ticketping.shared.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.postgresql.ds.PGSimpleDataSource;

import java.util.stream.Collectors;

/**
 * Versioned SQL migrations with Flyway, one chain per module: the files {@code db/<module>/V<n>__<what>.sql} on the
 * classpath, recorded in the module's own history table {@code flyway_schema_history_<module>} (the modules share one
 * schema, each keeps its own history). Flyway checks the checksums of the applied files first and refuses to start
 * when one changed; it takes a PostgreSQL advisory lock, so any number of verticle instances or JVMs may start at once.
 *
 * <p>Flyway is blocking JDBC: {@link #apply} runs it on a worker thread. A database migrated by the earlier
 * {@code schema_migrations} bookkeeping is taken over first ({@link LegacyMigrationHistory}).
 */
public final class SchemaMigrations {

  private static final String HISTORY_PREFIX = "flyway_schema_history_";

  private SchemaMigrations() {
  }

  /** Applies, in order and on a worker thread, the migrations of {@code module} that this database has not seen. */
  public static Future<Void> apply(Vertx vertx, JsonObject config, String module) {
    return vertx.executeBlocking(() -> {
      migrate(config, module);
      return null;
    }, false);
  }

  /** The history table of {@code module}. */
  public static String historyTable(String module) {
    return HISTORY_PREFIX + module;
  }

  /** Blocking: takes over an earlier history, validates the applied files and applies the missing ones. */
  static void migrate(JsonObject config, String module) {
    if (!module.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("migration module must be a plain identifier: " + module);
    }
    Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
      .dataSource(dataSource(config))
      .locations("classpath:db/" + module)
      .table(historyTable(module))
      // The schema holds the other modules' tables: a module's first run starts its history below V1.
      .baselineOnMigrate(true)
      .baselineVersion("0")
      .baselineDescription("history of " + module + " starts")
      .cleanDisabled(true)
      .load();
    LegacyMigrationHistory.takeOver(flyway, module);
    try {
      flyway.migrate();
    } catch (FlywayValidateException e) {
      throw new IllegalStateException(changed(flyway, module), e);
    }
  }

  /** The PostgreSQL of the {@code postgres} configuration section, for JDBC. */
  static PGSimpleDataSource dataSource(JsonObject config) {
    JsonObject pg = config.getJsonObject("postgres");
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setServerNames(new String[] {pg.getString("host")});
    source.setPortNumbers(new int[] {pg.getInteger("port")});
    source.setDatabaseName(pg.getString("database"));
    source.setUser(pg.getString("user"));
    source.setPassword(pg.getString("password"));
    source.setApplicationName("ticketping-migrations");
    return source;
  }

  /** Names each applied migration file whose content no longer matches what was applied. */
  private static String changed(Flyway flyway, String module) {
    ValidateResult result = Flyway.configure(SchemaMigrations.class.getClassLoader())
      .configuration(flyway.getConfiguration())
      .ignoreMigrationPatterns("*:pending", "*:future")
      .load()
      .validateWithResult();
    String files = result.invalidMigrations.stream()
      .map(invalid -> describe(module, invalid))
      .collect(Collectors.joining("; "));
    return "Migrations of " + module + " differ from what this database applied (" + historyTable(module) + "): "
      + (files.isEmpty() ? oneLine(result.getAllErrorMessages()) : files)
      + ". An applied migration must never change: restore the file and add a new V<n> migration instead.";
  }

  /** {@code db/<module>/V<n>__<what>.sql (why)}. */
  private static String describe(String module, ValidateOutput invalid) {
    String path = invalid.filepath == null ? "" : invalid.filepath;
    String file = path.isEmpty() ? "V" + invalid.version
      : "db/" + module + "/" + path.substring(path.lastIndexOf('/') + 1);
    return invalid.errorDetails == null ? file : file + " (" + oneLine(invalid.errorDetails.errorMessage) + ")";
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\n\\s*", "; ").replaceAll("\\s+", " ");
  }
}
