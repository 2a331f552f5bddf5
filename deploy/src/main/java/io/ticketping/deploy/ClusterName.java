package io.ticketping.deploy;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The Hazelcast cluster name of a cluster secret: HMAC-SHA256 of a fixed label keyed with the secret. Hazelcast open
 * source has no member authentication, but it turns away a member whose cluster name differs; deriving the name from
 * the secret makes it unguessable without the secret, while the secret itself never leaves the JVM (only the name
 * is sent, and it reveals nothing about the secret).
 */
final class ClusterName {

  /** Shortest secret accepted: about 190 bits of base64, beyond any guessing through join attempts. */
  static final int MIN_SECRET_LENGTH = 32;
  private static final String LABEL = "ticketping hazelcast cluster name v1";

  private ClusterName() {
  }

  static String of(String secret) {
    if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("cluster.secret must be at least " + MIN_SECRET_LENGTH
        + " characters (e.g. openssl rand -base64 32), the same on every member");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "ticketping-" + HexFormat.of().formatHex(mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
    }
  }
}
