package io.ticketping.gateway.users;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * PBKDF2 password hashes (NIST SP 800-132; the JDK's own implementation), stored as
 * {@code <scheme>$<iterations>$<salt>$<hash>}. The scheme names the PRF, so the algorithm and the cost can change
 * without breaking stored hashes: new hashes are {@code pbkdf2-sha512} (PBKDF2-HMAC-SHA512, 512-bit hash; OWASP's
 * 210,000 iterations, the configured default, are its figure for SHA-512), and {@code pbkdf2-sha256} hashes written
 * before (PBKDF2-HMAC-SHA256, 256-bit hash) still verify.
 * Hashing is deliberately slow, so it runs on a small dedicated worker pool, never on an event loop, and at most as
 * many at once as there are cores.
 */
public final class PasswordHasher {

  /** The scheme of new hashes. */
  static final String SCHEME = "pbkdf2-sha512";
  /** The scheme of hashes written before SHA-512; verified, never written. */
  static final String LEGACY_SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final WorkerExecutor workers;
  private final int iterations;
  /** Compared against when the email is unknown, so a wrong email costs as long as a wrong password. */
  private final String decoy;

  public PasswordHasher(Vertx vertx, int iterations) {
    this.workers = vertx.createSharedWorkerExecutor("password-hashing", Runtime.getRuntime().availableProcessors());
    this.iterations = iterations;
    this.decoy = hashNow("decoy-password-never-matches", iterations);
  }

  public Future<String> hash(String password) {
    return workers.executeBlocking(() -> hashNow(password, iterations), false);
  }

  /** True when {@code password} matches {@code stored}; with a null {@code stored}, checks a decoy and fails. */
  public Future<Boolean> verify(String password, String stored) {
    String against = stored == null ? decoy : stored;
    return workers.executeBlocking(() -> matches(password, against) && stored != null, false);
  }

  static String hashNow(String password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(SCHEME, password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  static boolean matches(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !(parts[0].equals(SCHEME) || parts[0].equals(LEGACY_SCHEME))) {
      return false;
    }
    Base64.Decoder b64 = Base64.getDecoder();
    byte[] expected = b64.decode(parts[3]);
    byte[] actual = derive(parts[0], password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(String scheme, String password, byte[] salt, int iterations) {
    boolean sha512 = scheme.equals(SCHEME);
    String algorithm = sha512 ? "PBKDF2WithHmacSHA512" : "PBKDF2WithHmacSHA256";
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, sha512 ? 512 : 256);
    try {
      return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is required by every JVM", e);
    } finally {
      spec.clearPassword();
    }
  }
}
