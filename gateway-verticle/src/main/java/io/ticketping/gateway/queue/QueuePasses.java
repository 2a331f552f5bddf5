package io.ticketping.gateway.queue;

import io.ticketping.shared.crypto.Es256Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.util.UUID;

/**
 * Queue passes: ES256 JWTs naming the user ({@code sub}), the show ({@code show}), a pass id ({@code jti}) and the
 * expiry of the user's slot in the working set. Signed with a private key; anyone can check them with the public key
 * published at {@code /.well-known/jwks.json}. A valid signature is not enough on its own: {@link PassGuard} also asks
 * the queue whether the slot is still held, so leaving, expiry or a purchase revoke the pass at once.
 */
public final class QueuePasses {

  private static final String ALGORITHM = "ES256";

  private final JWTAuth jwt;
  private final String issuer;
  private final JsonObject jwks;

  public QueuePasses(Vertx vertx, JsonObject passConfig) {
    String privatePem = passConfig.getString("privateKeyPem", "");
    String publicPem = passConfig.getString("publicKeyPem", "");
    if (privatePem.isEmpty() || publicPem.isEmpty()) {
      throw new IllegalArgumentException("queuePass.privateKeyPem and queuePass.publicKeyPem must be set; "
        + "the launcher generates them when none are configured");
    }
    this.issuer = passConfig.getString("issuer");
    Es256Keys.Jwk jwk = Es256Keys.jwk(publicPem);
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(privatePem).setId(jwk.kid()))
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(publicPem).setId(jwk.kid()))
      .setJWTOptions(new JWTOptions().setIssuer(issuer)));
    this.jwks = new JsonObject().put("keys", new JsonArray().add(new JsonObject()
      .put("kty", "EC").put("crv", "P-256").put("alg", ALGORITHM).put("use", "sig")
      .put("kid", jwk.kid()).put("x", jwk.x()).put("y", jwk.y())));
  }

  /** A pass for {@code userId} at {@code showId}, valid until {@code expiresAtMillis}. */
  public String issue(long userId, String showId, long expiresAtMillis) {
    long ttlSeconds = Math.max(1, (expiresAtMillis - System.currentTimeMillis() + 999) / 1000);
    return jwt.generateToken(new JsonObject().put("show", showId).put("jti", UUID.randomUUID().toString()),
      new JWTOptions()
        .setAlgorithm(ALGORITHM)
        .setIssuer(issuer)
        .setSubject(Long.toString(userId))
        .setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, ttlSeconds)));
  }

  /** The pass behind a token; fails for a tampered, expired, foreign or malformed one. */
  public Future<QueuePass> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token)).map(user -> {
      String subject = user.get("sub");
      String show = user.get("show");
      Number exp = user.get("exp");
      if (subject == null || show == null || exp == null) {
        throw new IllegalArgumentException("pass lacks sub, show or exp");
      }
      return new QueuePass(Long.parseLong(subject), show, user.get("jti"), exp.longValue() * 1000);
    });
  }

  /** The JSON Web Key Set holding the public key. */
  public JsonObject jwks() {
    return jwks;
  }

  /** A checked pass. */
  public record QueuePass(long userId, String showId, String passId, long expiresAtMillis) {
  }
}
