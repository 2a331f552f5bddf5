package io.ticketping.shared.pg;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single statements (each its own transaction) pipelined on one connection that the owning verticle holds, rather
 * than one pooled connection per statement. A pooled connection stays checked out until its event loop has read the
 * answer, so when the loops are flooded (a booking rush: thousands of losing holds) each use held a connection for
 * 60+ ms and the pool, not PostgreSQL, capped the winners at a few hundred per second. On the held connection any
 * number of statements are in flight at once and PostgreSQL runs them back to back.
 *
 * <p>Only calls on the owner's event loop use it (the connection belongs to that loop); others, and every call
 * while it opens or after it broke, go to the pool. Multi-statement transactions always use the pool.
 */
public final class PipelinedPg {

  private static final Logger LOG = LoggerFactory.getLogger(PipelinedPg.class);

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final Pool pool;
  private final Thread owner;
  private Future<PgConnection> held;
  private boolean closed;

  /** Call on the owning verticle's event loop (in its {@code start}). */
  public PipelinedPg(Vertx vertx, JsonObject config, Pool pool) {
    this.vertx = vertx;
    this.options = PgPools.connectOptions(config);
    this.pool = pool;
    // The thread, not the context: event-bus messages are handled on duplicates of the verticle's context.
    this.owner = Thread.currentThread();
  }

  /** Runs one statement on its own: pipelined on the held connection from the owner's event loop, else pooled. */
  public Future<RowSet<Row>> execute(String sql, Tuple args) {
    if (Thread.currentThread() != owner || !Context.isOnEventLoopThread() || closed) {
      return pool.preparedQuery(sql).execute(args);
    }
    Future<PgConnection> connection = held;
    if (connection == null) {
      open();
      return pool.preparedQuery(sql).execute(args);
    }
    return connection.succeeded() ? connection.result().preparedQuery(sql).execute(args)
      : pool.preparedQuery(sql).execute(args);
  }

  /** Closes the held connection; later calls use the pool. */
  public Future<Void> close() {
    closed = true;
    Future<PgConnection> connection = held;
    held = null;
    return connection == null ? Future.succeededFuture()
      : connection.transform(ar -> ar.succeeded() ? ar.result().close() : Future.succeededFuture());
  }

  /** The held connection (null before the first call on the owner's loop), for tests. */
  Future<PgConnection> held() {
    return held;
  }

  private void open() {
    Future<PgConnection> opening = PgConnection.connect(vertx, options);
    held = opening;
    opening.onSuccess(connection -> {
      if (closed) {
        connection.close();
        return;
      }
      // A broken connection is dropped; the next call opens another.
      connection.closeHandler(v -> forget(opening));
      connection.exceptionHandler(e -> {
        LOG.debug("Pipelined PostgreSQL connection failed: {}", e.toString());
        forget(opening);
      });
    }).onFailure(e -> {
      LOG.warn("Cannot open the pipelined PostgreSQL connection (the pool serves meanwhile): {}", e.toString());
      // Retry on a later call, not at once: a PostgreSQL that refuses connections should not be hammered.
      vertx.setTimer(1000, id -> forget(opening));
    });
  }

  private void forget(Future<PgConnection> connection) {
    if (held == connection) {
      held = null;
    }
  }
}
