package io.ticketping.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A refresh token as the browser holds it: {@code <sid>.<secret>}. The session id names the session (the family the
 * token belongs to) and is public, as in the access tokens; the secret is 256 random bits, kept in Redis only as its
 * SHA-256 digest.
 */
record RefreshToken(String sessionId, String secret) {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  /** 128-bit session id and 256-bit secret, both unpadded base64url. */
  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}");

  /** A new session id: 128 random bits. */
  static String newSessionId() {
    return random(16);
  }

  /** A fresh token of the session. */
  static RefreshToken of(String sessionId) {
    return new RefreshToken(sessionId, random(32));
  }

  /** The token in a cookie value; null when it is not one we issue (so it is never looked up). */
  static RefreshToken parse(String value) {
    if (value == null || !FORMAT.matcher(value).matches()) {
      return null;
    }
    int dot = value.indexOf('.');
    return new RefreshToken(value.substring(0, dot), value.substring(dot + 1));
  }

  /** The cookie value. */
  String value() {
    return sessionId + '.' + secret;
  }

  /** What Redis keeps of the token. */
  String digest() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  @Override
  public String toString() {
    return "RefreshToken[session " + sessionId + "]";
  }

  private static String random(int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    return B64.encodeToString(raw);
  }
}
