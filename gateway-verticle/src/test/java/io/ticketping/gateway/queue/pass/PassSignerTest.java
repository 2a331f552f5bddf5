package io.ticketping.gateway.queue.pass;

import io.ticketping.shared.crypto.Es256Keys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PassSignerTest {

  private static final Es256Keys KEYS = Es256Keys.generate();

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a signed pass carries its header and claims and verifies with the JDK's own ES256 and with vertx-auth-jwt")
  void signaturesVerifyElsewhere() throws Exception {
    String kid = Es256Keys.jwk(KEYS.publicPem()).kid();
    long exp = System.currentTimeMillis() / 1000 + 60;
    JsonObject claims = new JsonObject().put("iss", "ticketping-queue").put("sub", "42").put("show", "7")
      .put("jti", "p-1").put("exp", exp);

    String token = new PassSigner(KEYS.privatePem(), kid).sign(claims);

    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(3);
    assertThat(new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)))
      .isEqualTo(new JsonObject().put("alg", "ES256").put("typ", "JWT").put("kid", kid));
    Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
    jdk.initVerify(Es256Keys.publicKey(KEYS.publicPem()));
    jdk.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(jdk.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();

    JWTAuth verifier = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(KEYS.publicPem()).setId(kid)));
    User user = verifier.authenticate(new TokenCredentials(token)).toCompletionStage().toCompletableFuture()
      .get(10, TimeUnit.SECONDS);
    assertThat((String) user.get("sub")).isEqualTo("42");
    assertThat((String) user.get("show")).isEqualTo("7");
    assertThat(((Number) user.get("exp")).longValue()).isEqualTo(exp);
  }

  @Test
  @DisplayName("signing is deterministic per claims (RFC 6979 nonces), and a changed claim changes the signature")
  void deterministicNonces() {
    PassSigner signer = new PassSigner(KEYS.privatePem(), "k");
    JsonObject claims = new JsonObject().put("sub", "1").put("exp", 100);

    String first = signer.sign(claims);

    assertThat(signer.sign(claims.copy())).isEqualTo(first);
    String other = signer.sign(claims.copy().put("sub", "2"));
    assertThat(other.substring(other.lastIndexOf('.'))).isNotEqualTo(first.substring(first.lastIndexOf('.')));
  }

  @Test
  @DisplayName("a key that is not a P-256 private key is refused when the signer is made")
  void refusesOtherKeys() throws Exception {
    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    String pem = "-----BEGIN PRIVATE KEY-----\n"
      + Base64.getMimeEncoder().encodeToString(p384.generateKeyPair().getPrivate().getEncoded())
      + "\n-----END PRIVATE KEY-----\n";

    assertThatThrownBy(() -> new PassSigner(pem, "k")).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("P-256");
    assertThatThrownBy(() -> new PassSigner(KEYS.publicPem(), "k")).isInstanceOf(IllegalArgumentException.class);
  }
}
