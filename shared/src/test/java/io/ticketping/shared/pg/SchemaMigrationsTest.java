package io.ticketping.shared.pg;

import io.ticketping.shared.events.Outbox;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flyway migrations on a database of each test's own (in the shared test PostgreSQL). */
@ExtendWith(VertxExtension.class)
class SchemaMigrationsTest {

  /** The bookkeeping table and rows of the migrator Flyway replaced, as it left them. */
  private static final String LEGACY_TABLE = "CREATE TABLE schema_migrations (module text NOT NULL, "
    + "version text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (module, version))";

  @Test
  @DisplayName("a fresh database: ten instances migrating at once apply each migration exactly once, "
    + "each module in its own history")
  void freshDatabase(Vertx vertx) throws Exception {
    JsonObject config = freshDatabaseConfig();
    Outbox.migrate(vertx, config).await();
    List<Future<Void>> starts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      starts.add(SchemaMigrations.apply(vertx, config, "sample"));
    }
    Future.all(starts).await();

    assertThat(query(config, "SELECT count(*) FROM things")).containsExactly("1");
    assertThat(query(config, "SELECT version FROM flyway_schema_history_sample WHERE success AND type = 'SQL' "
      + "ORDER BY installed_rank")).containsExactly("1", "2");
    assertThat(query(config, "SELECT version FROM flyway_schema_history_events WHERE success AND type = 'SQL' "
      + "ORDER BY installed_rank")).containsExactly("1", "2", "3");
    assertThat(query(config, "SELECT to_regclass('outbox') IS NOT NULL")).containsExactly("t");
  }

  @Test
  @DisplayName("a database the earlier migrator left (schema_migrations, one version behind) is taken over: "
    + "nothing applied runs again, the data stays, the missing version is applied and a restart does nothing")
  void takesOverTheEarlierHistory(Vertx vertx) throws Exception {
    JsonObject config = freshDatabaseConfig();
    execute(config, LEGACY_TABLE);
    // events at V2 of 3 and sample complete, as the earlier migrator applied and recorded them.
    for (String file : List.of("events/V1__outbox.sql", "events/V2__outbox_sent.sql", "sample/V1__things.sql",
      "sample/V2__things_unique.sql")) {
      String[] parts = file.split("/");
      execute(config, script("db/" + file));
      execute(config, "INSERT INTO schema_migrations (module, version) VALUES ('" + parts[0] + "', '" + parts[1]
        + "')");
    }
    execute(config, "INSERT INTO outbox (topic, key, event) VALUES ('orders', 'k1', '{\"type\":\"OrderPaid\"}')");
    execute(config, "INSERT INTO things (name) VALUES ('kept')");

    Outbox.migrate(vertx, config).await();
    SchemaMigrations.apply(vertx, config, "sample").await();

    assertThat(query(config, "SELECT key FROM outbox")).containsExactly("k1");
    assertThat(query(config, "SELECT name FROM things ORDER BY id")).containsExactly("seed", "kept");
    assertThat(query(config, "SELECT to_regclass('processed_events_age') IS NOT NULL")).containsExactly("t");
    assertThat(query(config, "SELECT version || ':' || (checksum IS NOT NULL) FROM flyway_schema_history_events "
      + "WHERE success AND type = 'SQL' ORDER BY installed_rank")).containsExactly("1:true", "2:true", "3:true");
    assertThat(query(config, "SELECT version FROM flyway_schema_history_sample WHERE success AND type = 'SQL' "
      + "ORDER BY installed_rank")).containsExactly("1", "2");

    List<String> history = query(config, "SELECT count(*) FROM flyway_schema_history_events");
    SchemaMigrations.apply(vertx, config, "sample").await();
    Outbox.migrate(vertx, config).await();
    assertThat(query(config, "SELECT count(*) FROM flyway_schema_history_events")).isEqualTo(history);
    assertThat(query(config, "SELECT name FROM things ORDER BY id")).containsExactly("seed", "kept");
  }

  @Test
  @DisplayName("a migration changed after it was applied fails the start with a message naming the file")
  void changedMigrationFails(Vertx vertx) throws Exception {
    JsonObject config = freshDatabaseConfig();
    SchemaMigrations.apply(vertx, config, "sample").await();
    execute(config, "UPDATE flyway_schema_history_sample SET checksum = checksum + 1 WHERE version = '2'");

    assertThatThrownBy(() -> SchemaMigrations.apply(vertx, config, "sample").await())
      .isInstanceOf(IllegalStateException.class)
      .hasMessageContaining("db/sample/V2__things_unique.sql")
      .hasMessageContaining("checksum")
      .hasMessageNotContaining("V1__things.sql");
  }

  @Test
  @DisplayName("an earlier history with a gap is refused rather than guessed")
  void legacyGapIsRefused(Vertx vertx) throws Exception {
    JsonObject config = freshDatabaseConfig();
    execute(config, LEGACY_TABLE);
    execute(config, "INSERT INTO schema_migrations (module, version) VALUES ('sample', 'V2__things_unique.sql')");

    assertThatThrownBy(() -> SchemaMigrations.apply(vertx, config, "sample").await())
      .isInstanceOf(IllegalStateException.class)
      .hasMessageContaining("schema_migrations");
    assertThat(query(config, "SELECT to_regclass('things') IS NULL")).containsExactly("t");
  }

  /** The test configuration pointed at a new, empty database. */
  private static JsonObject freshDatabaseConfig() throws SQLException {
    JsonObject config = TestServers.get().config();
    String database = "migrations_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(config, "CREATE DATABASE " + database);
    config.getJsonObject("postgres").put("database", database);
    return config;
  }

  private static void execute(JsonObject config, String sql) throws SQLException {
    try (Connection conn = SchemaMigrations.dataSource(config).getConnection();
         Statement st = conn.createStatement()) {
      st.execute(sql);
    }
  }

  /** The first column of every row, as text. */
  private static List<String> query(JsonObject config, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection conn = SchemaMigrations.dataSource(config).getConnection();
         Statement st = conn.createStatement();
         ResultSet rows = st.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private static String script(String resource) throws IOException {
    try (InputStream in = SchemaMigrationsTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
