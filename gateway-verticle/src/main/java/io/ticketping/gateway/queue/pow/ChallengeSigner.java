package io.ticketping.gateway.queue.pow;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signs proof-of-work challenges and opens signed ones, with HMAC-SHA256 and no state: any gateway holding the key
 * checks a challenge another one issued. A challenge is {@code base64url(payload) "." base64url(hmac(payload))}, the
 * payload {@code userId:difficulty:expiresAt:salt:showId} (a show id has no colon).
 *
 * <p>The key is {@code proofOfWork.secret}, or, when that is empty, one derived from {@code jwt.secret} (which every
 * gateway already shares, and the launcher generates in development), so a deployment needs no new secret.
 */
public final class ChallengeSigner {

  private static final String HMAC = "HmacSHA256";
  private static final int MIN_SECRET_BYTES = 32;
  private static final int SALT_BYTES = 12;
  /** Separates the derived key from the access-token key it comes from. */
  private static final byte[] DERIVATION_LABEL =
    "ticketping proof-of-work challenges".getBytes(StandardCharsets.US_ASCII);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecureRandom random = new SecureRandom();
  private final ThreadLocal<Mac> macs;

  private ChallengeSigner(byte[] key) {
    SecretKeySpec spec = new SecretKeySpec(key, HMAC);
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance(HMAC);
        mac.init(spec);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK always has " + HMAC, e);
      }
    });
  }

  /** The signer of {@code proofOfWork.secret}, or of a key derived from {@code jwt.secret} when that is empty. */
  public static ChallengeSigner of(JsonObject proofConfig, JsonObject jwtConfig) {
    String own = proofConfig.getString("secret", "");
    if (!own.isEmpty()) {
      return new ChallengeSigner(checked(own, "proofOfWork.secret (TICKETPING_PROOF_OF_WORK_SECRET)"));
    }
    byte[] jwtKey = checked(jwtConfig.getString("secret", ""), "jwt.secret (TICKETPING_JWT_SECRET)");
    return new ChallengeSigner(new ChallengeSigner(jwtKey).mac(DERIVATION_LABEL));
  }

  private static byte[] checked(String secret, String name) {
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    if (key.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(name + " must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    return key;
  }

  /** A fresh challenge for {@code userId} to enter {@code showId}, valid until {@code expiresAtMillis}. */
  public Challenge issue(long userId, String showId, int difficulty, long expiresAtMillis) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    String payload = userId + ":" + difficulty + ":" + expiresAtMillis + ":" + ENCODER.encodeToString(salt) + ":"
      + showId;
    String signature = ENCODER.encodeToString(mac(payload.getBytes(StandardCharsets.UTF_8)));
    String token = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + signature;
    return new Challenge(token, userId, showId, difficulty, expiresAtMillis, signature);
  }

  /** The challenge {@code token} says, when this key signed it; null for a malformed, tampered or foreign one. */
  public Challenge open(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      return null;
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = DECODER.decode(token.substring(0, dot));
      signature = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    if (!MessageDigest.isEqual(signature, mac(payload))) {
      return null;
    }
    // Signed here, so well formed.
    String[] parts = new String(payload, StandardCharsets.UTF_8).split(":", 5);
    return new Challenge(token, Long.parseLong(parts[0]), parts[4], Integer.parseInt(parts[1]),
      Long.parseLong(parts[2]), token.substring(dot + 1));
  }

  private byte[] mac(byte[] data) {
    return macs.get().doFinal(data);
  }
}
