package io.ticketping.gateway.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Redis key part standing for a secret or a personal value (a refresh token, an email): the first 128 bits of its
 * SHA-256 in hex, so that the key names it without carrying it and has a bounded length.
 */
public final class OpaqueKey {

  private OpaqueKey() {
  }

  public static String of(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
