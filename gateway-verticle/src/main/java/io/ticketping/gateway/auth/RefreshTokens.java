package io.ticketping.gateway.auth;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Long-lived refresh tokens: 256 random bits handed to the browser in an HttpOnly cookie, kept in Redis only as a
 * SHA-256 digest with a TTL ({@code rt:<digest>} → user id). Each refresh consumes its token atomically (GETDEL) and
 * issues a new one, so a stolen token works once at most; logout deletes it.
 */
public final class RefreshTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Redis redis;
  private final long ttlSeconds;

  public RefreshTokens(Redis redis, long ttlSeconds) {
    this.redis = redis;
    this.ttlSeconds = ttlSeconds;
  }

  public long ttlSeconds() {
    return ttlSeconds;
  }

  public Future<String> issue(long userId) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    return redis.send(Request.cmd(Command.SET).arg(key(token)).arg(userId).arg("EX").arg(ttlSeconds))
      .map(ok -> token);
  }

  /** The user the token belonged to, or null if it is unknown, expired or already used; either way it is gone. */
  public Future<Long> consume(String token) {
    return redis.send(Request.cmd(Command.GETDEL).arg(key(token)))
      .map(reply -> reply == null ? null : reply.toLong());
  }

  public Future<Void> revoke(String token) {
    return redis.send(Request.cmd(Command.DEL).arg(key(token))).mapEmpty();
  }

  private static String key(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return "rt:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
