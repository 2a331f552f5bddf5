package io.ticketping.perf;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A password hash in the gateway's stored format ({@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, PBKDF2-HMAC-SHA256,
 * 16-byte salt, 256-bit hash; the gateway's {@code PasswordHasher}), so bulk perf accounts can log in like any other.
 */
final class PasswordHashes {

  private PasswordHashes() {
  }

  static String pbkdf2(String password, int iterations) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
    try {
      byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
      return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is required by every JVM", e);
    } finally {
      spec.clearPassword();
    }
  }
}
