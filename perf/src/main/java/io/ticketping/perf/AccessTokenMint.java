package io.ticketping.perf;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Issues access tokens as login does (HS256, {@code sub} = user id, {@code roles}, a session id {@code sid}, issuer
 * {@code ticketping}; the gateway's {@code AccessTokens}), so load runs skip the deliberately slow password check of one login per simulated
 * user but send tokens the gateway verifies exactly like real ones. Dev and perf only: it needs the JWT secret, which
 * the run command writes to {@code <dataDir>/jwt-secret} ({@code -Djwt.secret} or {@code TICKETPING_JWT_SECRET} win).
 */
public final class AccessTokenMint {

  private final JWTAuth jwt;
  private final JWTOptions options;
  private final String secret;

  public AccessTokenMint(Vertx vertx, String secret) {
    this(vertx, secret, PerfProps.integer("jwt.ttlSeconds", 3600));
  }

  private AccessTokenMint(Vertx vertx, String secret, int ttlSeconds) {
    this.secret = secret;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    this.options = new JWTOptions().setAlgorithm("HS256")
      .setIssuer(PerfProps.string("jwt.issuer", "ticketping"))
      .setExpiresInSeconds(ttlSeconds);
  }

  /** With the secret of the system under test, found as described above. */
  public static AccessTokenMint forSystemUnderTest(Vertx vertx) {
    return new AccessTokenMint(vertx, secret());
  }

  /**
   * A mint whose tokens expire one second earlier: a second token per user that differs from the first, as after a
   * second login, so a warm-up run does not leave the measured run's tokens already verified in the gateway.
   */
  public AccessTokenMint secondLogin(Vertx vertx) {
    return new AccessTokenMint(vertx, secret, options.getExpiresInSeconds() - 1);
  }

  public String user(long userId) {
    return issue(userId, "USER");
  }

  public String admin(long userId) {
    return issue(userId, "ADMIN");
  }

  private String issue(long userId, String role) {
    // A session of its own per token, as a login would open; no session of it is ever ended.
    return jwt.generateToken(new JsonObject().put("roles", new JsonArray().add(role))
        .put("sid", UUID.randomUUID().toString()),
      new JWTOptions(options.toJson()).setSubject(Long.toString(userId)));
  }

  static String secret() {
    String configured = PerfProps.string("jwt.secret", System.getenv("TICKETPING_JWT_SECRET"));
    if (configured != null) {
      return configured;
    }
    Path file = PerfProps.dataDir().resolve("jwt-secret");
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("No JWT secret: set -Djwt.secret or -DdataDir (looked for " + file.toAbsolutePath()
        + ", which the run command writes)", e);
    }
  }
}
