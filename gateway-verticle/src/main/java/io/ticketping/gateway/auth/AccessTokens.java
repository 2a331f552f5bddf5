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
 * Short-lived access tokens: HS256 JWTs carrying the user id ({@code sub}) and role. HS256 keeps the check on every
 * request to one HMAC, the cheapest sound option for a path that must serve tens of thousands of polls a second; the
 * key is shared by the gateways only.
 */
public final class AccessTokens {

  private static final String ALGORITHM = "HS256";
  private static final int MIN_SECRET_BYTES = 32;
  /** About 35 MB when full: room for every token of a 100,000-user rush on each gateway instance. */
  private static final int MAX_VERIFIED = 131_072;

  private final JWTAuth jwt;
  private final String issuer;
  private final int ttlSeconds;
  private final VerifiedTokens verified = new VerifiedTokens(MAX_VERIFIED);

  public AccessTokens(Vertx vertx, JsonObject jwtConfig) {
    String secret = jwtConfig.getString("secret", "");
    if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("jwt.secret (TICKETPING_JWT_SECRET) must be at least "
        + MIN_SECRET_BYTES + " bytes; the launcher generates one when none is configured");
    }
    this.issuer = jwtConfig.getString("issuer");
    this.ttlSeconds = jwtConfig.getInteger("accessTokenTtlSeconds");
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
      .setJWTOptions(new JWTOptions().setIssuer(issuer)));
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  public String issue(long userId, String role) {
    JsonObject claims = new JsonObject().put("roles", new JsonArray().add(role));
    return jwt.generateToken(claims, new JWTOptions()
      .setAlgorithm(ALGORITHM)
      .setIssuer(issuer)
      .setSubject(Long.toString(userId))
      .setExpiresInSeconds(ttlSeconds));
  }

  /**
   * The caller behind a token; fails for a forged, expired, foreign or malformed one. A token is fully checked once;
   * until a second before its {@code exp} the same token is then answered from {@link VerifiedTokens}.
   */
  public Future<Principal> verify(String token) {
    Principal known = verified.get(token, System.currentTimeMillis());
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return jwt.authenticate(new TokenCredentials(token)).map(user -> {
      String subject = user.get("sub");
      JsonArray roles = user.get("roles");
      if (subject == null || roles == null || roles.isEmpty()) {
        throw new IllegalArgumentException("token lacks sub or roles");
      }
      Principal principal = new Principal(Long.parseLong(subject), roles.getString(0));
      if (user.get("exp") instanceof Number exp) {
        verified.put(token, principal, exp.longValue() * 1000 - 1000);
      }
      return principal;
    });
  }
}
