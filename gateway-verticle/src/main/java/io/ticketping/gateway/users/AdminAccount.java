package io.ticketping.gateway.users;

import io.ticketping.shared.pg.PgPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes sure the admin account of the configuration ({@code admin.email}) exists. Its password is
 * {@code admin.password} ({@code TICKETPING_ADMIN_PASSWORD}) or, when unset, a random one that is reported once, at
 * creation; an existing account is never changed.
 */
public final class AdminAccount {

  private AdminAccount() {
  }

  /** What happened, as a line for the console: the generated password appears here and nowhere else. */
  public static Future<String> ensure(Vertx vertx, JsonObject config) {
    JsonObject admin = config.getJsonObject("admin");
    String email = UserRepository.normalizeEmail(admin.getString("email"));
    String configured = admin.getString("password", "");
    String password = configured.isEmpty() ? generatePassword() : configured;
    Pool pool = PgPools.create(vertx, config);
    UserRepository users = new UserRepository(pool);
    return UserRepository.migrate(vertx, config)
      .compose(v -> users.findByEmail(email))
      .compose(existing -> existing != null
        ? Future.succeededFuture("Admin account: " + email + " (exists; password unchanged)")
        : vertx.executeBlocking(() -> new PasswordHasher(vertx, config.getJsonObject("auth").getInteger("pbkdf2Iterations")))
          .compose(hasher -> hasher.hash(password))
          .compose(hash -> users.createIfAbsent(email, hash, "admin", "ADMIN"))
          .map(created -> !created
            ? "Admin account: " + email + " (exists; password unchanged)"
            : configured.isEmpty()
              ? "Admin account created: " + email + " / password: " + password + "  (shown once; keep it)"
              : "Admin account created: " + email + " (password from TICKETPING_ADMIN_PASSWORD)"))
      .eventually(pool::close);
  }

  private static String generatePassword() {
    byte[] raw = new byte[15];
    new SecureRandom().nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
