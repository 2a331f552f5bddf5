package io.ticketping.perf;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Dev-only bulk accounts for load runs. Signing up 100,000 users through the API would spend minutes in PBKDF2 (on
 * purpose: it is what makes stolen hashes expensive), so this writes the {@code users} rows straight to PostgreSQL in
 * one statement, every row with a real hash of {@link #PASSWORD} in the gateway's format (one hash shared by the
 * batch: hashing is what is slow; these accounts can still log in normally), and issues their access tokens like login would.
 * Production auth is unchanged: this needs database access and the JWT secret.
 */
public final class PerfUsers {

  public static final String PASSWORD = "perf-password";

  public record PerfUser(long id, String email, String token) {
  }

  private PerfUsers() {
  }

  /** Creates {@code count} accounts {@code <prefix><n>@perf.local} and answers them with access tokens. */
  public static List<PerfUser> create(Pool pool, AccessTokenMint mint, String prefix, int count) {
    String hash = PasswordHashes.pbkdf2(PASSWORD, PerfProps.integer("auth.pbkdf2Iterations", 210_000));
    List<PerfUser> users = new ArrayList<>(count);
    pool.preparedQuery("INSERT INTO users (email, password_hash, nickname, role) "
        + "SELECT $1 || g || '@perf.local', $2, 'perf', 'USER' FROM generate_series(1, $3) AS g "
        + "RETURNING id, email")
      .execute(Tuple.of(prefix, hash, count))
      .await()
      .forEach((Row row) -> users.add(new PerfUser(row.getLong(0), row.getString(1), mint.user(row.getLong(0)))));
    return users;
  }

  /** A prefix no earlier run used, so runs never collide on the unique email. */
  public static String freshPrefix(String what) {
    return "perf-" + what + "-" + Long.toString(System.currentTimeMillis(), 36) + "-";
  }

  /** The id of the admin account the run command creates ({@code admin@ticketping.local} unless configured). */
  public static long adminId(Pool pool) {
    String email = PerfProps.string("admin.email", "admin@ticketping.local");
    var rows = pool.preparedQuery("SELECT id FROM users WHERE email = $1 AND role = 'ADMIN'")
      .execute(Tuple.of(email)).await();
    if (rows.size() == 0) {
      throw new IllegalStateException("No admin account " + email + " in the database under test");
    }
    return rows.iterator().next().getLong(0);
  }
}
