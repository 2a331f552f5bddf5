package io.ticketping.shared.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Versioned SQL migrations, one ordered list per module ({@code db/<module>/V<n>__<what>.sql} on the classpath),
 * recorded in {@code schema_migrations}. Each run takes a transaction-scoped advisory lock first, so any number of
 * verticle instances or JVMs may start at once: one applies what is missing, the others then find nothing to do.
 */
public final class SchemaMigrations {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
  private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('ticketping.schema_migrations'))";
  private static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS schema_migrations ("
    + "module text NOT NULL, version text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), "
    + "PRIMARY KEY (module, version))";

  private SchemaMigrations() {
  }

  /** Applies, in order, the migrations of {@code module} that this database has not seen yet. */
  public static Future<Void> apply(Vertx vertx, Pool pool, String module, List<String> files) {
    return readAll(vertx, module, files).compose(scripts -> pool.withTransaction(conn ->
      conn.query(LOCK).execute()
        // "already exists, skipping" notices from IF NOT EXISTS are expected here, not news.
        .compose(v -> conn.query("SET LOCAL client_min_messages = warning").execute())
        .compose(v -> conn.query(CREATE_TABLE).execute())
        .compose(v -> conn.preparedQuery("SELECT version FROM schema_migrations WHERE module = $1")
          .execute(Tuple.of(module)))
        .compose(rows -> {
          Set<String> applied = new HashSet<>();
          for (Row row : rows) {
            applied.add(row.getString(0));
          }
          Future<Void> chain = Future.succeededFuture();
          for (int i = 0; i < files.size(); i++) {
            String version = files.get(i);
            String sql = scripts.get(i);
            if (!applied.contains(version)) {
              chain = chain.compose(v -> applyOne(conn, module, version, sql));
            }
          }
          return chain;
        })));
  }

  private static Future<Void> applyOne(SqlConnection conn, String module, String version, String sql) {
    LOG.info("Applying migration {}/{}", module, version);
    return conn.query(sql).execute()
      .compose(v -> conn.preparedQuery("INSERT INTO schema_migrations (module, version) VALUES ($1, $2)")
        .execute(Tuple.of(module, version)))
      .mapEmpty();
  }

  private static Future<List<String>> readAll(Vertx vertx, String module, List<String> files) {
    List<Future<String>> reads = files.stream()
      .map(file -> vertx.fileSystem().readFile("db/" + module + "/" + file).map(Buffer::toString))
      .toList();
    return Future.all(reads).map(all -> all.<String>list());
  }
}
