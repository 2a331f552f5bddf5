package io.ticketping.shared.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * P-256 key pairs for ES256 signatures, as PEM text (what configuration and vertx-auth-jwt take), and the public key
 * as a JWK (what {@code /.well-known/jwks.json} serves).
 *
 * @param privatePem PKCS#8 {@code -----BEGIN PRIVATE KEY-----}
 * @param publicPem  X.509 {@code -----BEGIN PUBLIC KEY-----}
 */
public record Es256Keys(String privatePem, String publicPem) {

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  public static Es256Keys generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      return new Es256Keys(pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
        pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is required by every JVM", e);
    }
  }

  /** The public key as a JWK: {@code kty, crv, x, y, kid, alg, use}. The kid is derived from the key itself. */
  public static Jwk jwk(String publicPem) {
    try {
      byte[] der = der(publicPem);
      ECPublicKey key = publicKey(publicPem);
      String kid = URL.encodeToString(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(der), 12));
      return new Jwk(kid, URL.encodeToString(coordinate(key.getW().getAffineX())),
        URL.encodeToString(coordinate(key.getW().getAffineY())));
    } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a P-256 public key in PEM form", e);
    }
  }

  /** The EC public key of an X.509 PEM text. */
  public static ECPublicKey publicKey(String publicPem) {
    try {
      return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der(publicPem)));
    } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an X.509 EC public key in PEM form", e);
    }
  }

  /** The EC private key of a PKCS#8 PEM text; its curve is the caller's to check. */
  public static ECPrivateKey privateKey(String privatePem) {
    try {
      return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(privatePem)));
    } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PKCS#8 EC private key in PEM form", e);
    }
  }

  /** An EC public JWK. */
  public record Jwk(String kid, String x, String y) {
  }

  /**
   * A P-256 field element or scalar as exactly 32 big-endian bytes, as JWKs and JWS signatures carry them (BigInteger
   * adds a sign byte or drops leading zeros).
   */
  public static byte[] coordinate(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }

  private static byte[] der(String pem) {
    return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
      + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }
}
