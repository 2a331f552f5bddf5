package io.ticketping.shared.pg;

import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;

/**
 * Runs something once the connection's transaction has committed, e.g. counting a sale in a metric: counted inside
 * the transaction, a rollback and the redelivery that follows would count it twice.
 */
public final class AfterCommit {

  private AfterCommit() {
  }

  /** {@code action} after the commit of {@code conn}'s transaction (never on rollback); at once when there is none. */
  public static void run(SqlConnection conn, Runnable action) {
    Transaction tx = conn.transaction();
    if (tx == null) {
      action.run();
    } else {
      tx.completion().onSuccess(v -> action.run());
    }
  }
}
