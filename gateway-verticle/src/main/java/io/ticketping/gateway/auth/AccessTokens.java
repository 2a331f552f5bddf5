package io.ticketping.gateway.auth;

import io.ticketping.gateway.web.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.nio.charset.StandardCharsets;

/**
 * Short-lived access tokens: HS256 JWTs carrying the user id ({@code sub}), role and session id ({@code sid}). HS256
 * keeps the check on every request to one HMAC, the cheapest sound option for a path that must serve tens of thousands
 * of polls a second; the key is shared by the gateways only. A token of an ended session is refused, checked against
 * this JVM's copy of the ended sessions ({@link RevokedSessions}): no Redis call per request.
 */
public final class AccessTokens {

  private static final String ALGORITHM = "HS256";
  private static final int MIN_SECRET_BYTES = 32;
  /**
   * Tokens per generation of the verified ones: at most twice this many, about 35 MB when full, room for every token
   * of a 100,000-user rush on each gateway instance.
   */
  private static final int VERIFIED_GENERATION = 65_536;

  private final JWTAuth jwt;
  private final String issuer;
  private final int ttlSeconds;
  private final VerifiedTokens verified = new VerifiedTokens(VERIFIED_GENERATION);
  private final RevokedSessions revoked;

  public AccessTokens(Vertx vertx, JsonObject jwtConfig) {
    String secret = jwtConfig.getString("secret", "");
    if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("jwt.secret (TICKETPING_JWT_SECRET) must be at least "
        + MIN_SECRET_BYTES + " bytes; the launcher generates one when none is configured");
    }
    this.issuer = jwtConfig.getString("issuer");
    this.ttlSeconds = jwtConfig.getInteger("accessTokenTtlSeconds");
    this.revoked = RevokedSessions.of(vertx);
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
      .setJWTOptions(new JWTOptions().setIssuer(issuer)));
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  /** A token of a session of its own that no refresh token continues (tools and tests; login uses the session's). */
  public String issue(long userId, String role) {
    return issue(userId, role, RefreshToken.newSessionId());
  }

  /** A token of the session {@code sessionId}: it stops working when the session ends. */
  public String issue(long userId, String role, String sessionId) {
    JsonObject claims = new JsonObject().put("roles", new JsonArray().add(role)).put("sid", sessionId);
    return jwt.generateToken(claims, new JWTOptions()
      .setAlgorithm(ALGORITHM)
      .setIssuer(issuer)
      .setSubject(Long.toString(userId))
      .setExpiresInSeconds(ttlSeconds));
  }

  /**
   * The caller behind a token; fails for a forged, expired, foreign or malformed one, and for one whose session has
   * ended. A token is fully checked once; until a second before its {@code exp} the same token is then answered from
   * {@link VerifiedTokens}, its session checked again each time.
   */
  public Future<Principal> verify(String token) {
    VerifiedTokens.Verified known = verified.get(token, System.currentTimeMillis());
    if (known != null) {
      return live(known);
    }
    return jwt.authenticate(new TokenCredentials(token)).compose(user -> {
      String subject = user.get("sub");
      JsonArray roles = user.get("roles");
      if (subject == null || roles == null || roles.isEmpty() || !(user.get("sid") instanceof String sessionId)) {
        return Future.failedFuture(new IllegalArgumentException("token lacks sub, roles or sid"));
      }
      VerifiedTokens.Verified checked = new VerifiedTokens.Verified(
        new Principal(Long.parseLong(subject), roles.getString(0)), sessionId);
      if (user.get("exp") instanceof Number exp) {
        verified.put(token, checked, exp.longValue() * 1000 - 1000);
      }
      return live(checked);
    });
  }

  private Future<Principal> live(VerifiedTokens.Verified verified) {
    return revoked.contains(verified.sessionId())
      ? Future.failedFuture(new IllegalStateException("the token's session has ended"))
      : Future.succeededFuture(verified.principal());
  }
}
