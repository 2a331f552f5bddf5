package io.ticketping.gateway.users;

import io.ticketping.shared.pg.SchemaMigrations;
import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code users} table. Emails are compared lower-cased. */
public final class UserRepository {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String COLUMNS = "id, email, password_hash, nickname, role, created_at";

  private final Pool pool;

  public UserRepository(Pool pool) {
    this.pool = pool;
  }

  /** Creates or updates the gateway's tables (on a worker thread); call before the pool is used. */
  public static Future<Void> migrate(Vertx vertx, JsonObject config) {
    return SchemaMigrations.apply(vertx, config, "gateway");
  }

  public static String normalizeEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  /** Creates an account; fails with a 409 problem when the email is taken. */
  public Future<User> create(String email, String passwordHash, String nickname, String role) {
    return insert(email, passwordHash, nickname, role, "")
      .map(rows -> User.from(rows.iterator().next()))
      .recover(e -> e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
        ? Future.failedFuture(Problem.conflict("An account with this email already exists.").toException())
        : Future.failedFuture(e));
  }

  /** Creates the account unless the email exists; true when this call created it. */
  public Future<Boolean> createIfAbsent(String email, String passwordHash, String nickname, String role) {
    return insert(email, passwordHash, nickname, role, " ON CONFLICT (email) DO NOTHING")
      .map(rows -> rows.rowCount() == 1);
  }

  public Future<User> findByEmail(String email) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE email = $1")
      .execute(Tuple.of(normalizeEmail(email)))
      .map(UserRepository::single);
  }

  public Future<User> findById(long id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM users WHERE id = $1")
      .execute(Tuple.of(id))
      .map(UserRepository::single);
  }

  /** One page of accounts, oldest first. */
  public Future<List<User>> page(int limit, int offset) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM users ORDER BY id LIMIT $1 OFFSET $2")
      .execute(Tuple.of(limit, offset))
      .map(rows -> {
        List<User> users = new ArrayList<>();
        rows.forEach(row -> users.add(User.from(row)));
        return users;
      });
  }

  private Future<RowSet<Row>> insert(String email, String hash, String nickname, String role, String onConflict) {
    return pool.preparedQuery("INSERT INTO users (email, password_hash, nickname, role) VALUES ($1, $2, $3, $4)"
        + onConflict + " RETURNING " + COLUMNS)
      .execute(Tuple.of(normalizeEmail(email), hash, nickname, role));
  }

  private static User single(RowSet<Row> rows) {
    return rows.size() == 0 ? null : User.from(rows.iterator().next());
  }
}
