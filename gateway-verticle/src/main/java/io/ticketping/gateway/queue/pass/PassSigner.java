package io.ticketping.gateway.queue.pass;

import io.ticketping.shared.crypto.Es256Keys;
import io.vertx.core.json.JsonObject;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;

/**
 * Signs queue passes as compact ES256 JWS. A tick admits hundreds of users at once and each needs a pass: with the
 * JDK 17 provider one signature took ~0.5 ms of this machine's CPU, and in the SSE benchmark signing was most of the
 * gateway's samples. Bouncy Castle's P-256 uses a precomputed table for the fixed base point and costs ~80 µs. The
 * nonce is deterministic (RFC 6979), so no randomness source can weaken it. The tokens are standard: the gateway's
 * verifier (vertx-auth-jwt, JDK provider) and anyone with the JWKS check them. Each call builds its own signer, so an
 * instance may be used from any thread.
 */
final class PassSigner {

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters DOMAIN =
    new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());
  private static final int COORDINATE_BYTES = 32;

  private final ECPrivateKeyParameters key;
  private final String encodedHeader;

  /** {@code privatePem}: a PKCS#8 P-256 private key; {@code kid}: the key id the JWKS publishes for its public half. */
  PassSigner(String privatePem, String kid) {
    this.key = new ECPrivateKeyParameters(privateScalar(privatePem), DOMAIN);
    this.encodedHeader = encode(new JsonObject().put("alg", "ES256").put("typ", "JWT").put("kid", kid));
  }

  /** The compact JWS of {@code claims}: header, claims and the 64-byte {@code r || s} signature, base64url. */
  String sign(JsonObject claims) {
    String signingInput = encodedHeader + "." + encode(claims);
    byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
    SHA256Digest digest = new SHA256Digest();
    digest.update(input, 0, input.length);
    byte[] hash = new byte[digest.getDigestSize()];
    digest.doFinal(hash, 0);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, key);
    BigInteger[] rs = signer.generateSignature(hash);
    byte[] signature = new byte[2 * COORDINATE_BYTES];
    System.arraycopy(Es256Keys.coordinate(rs[0]), 0, signature, 0, COORDINATE_BYTES);
    System.arraycopy(Es256Keys.coordinate(rs[1]), 0, signature, COORDINATE_BYTES, COORDINATE_BYTES);
    return signingInput + "." + URL.encodeToString(signature);
  }

  private static String encode(JsonObject json) {
    return URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static BigInteger privateScalar(String pem) {
    ECPrivateKey key = Es256Keys.privateKey(pem);
    if (!key.getParams().getOrder().equals(DOMAIN.getN())) {
      throw new IllegalArgumentException("queuePass.privateKeyPem is not a P-256 key");
    }
    return key.getS();
  }
}
