package io.ticketping.gateway.auth;

import io.ticketping.gateway.web.Principal;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTokensTest {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static final String SECRET = "a-test-secret-of-at-least-32-bytes-long";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private static AccessTokens tokens(int ttlSeconds) {
    return new AccessTokens(vertx, new JsonObject().put("secret", SECRET)
      .put("issuer", "ticketping").put("accessTokenTtlSeconds", ttlSeconds));
  }

  @Test
  @DisplayName("A token verified once is answered the same the second time")
  void repeatedVerification() {
    AccessTokens tokens = tokens(900);
    String token = tokens.issue(42, "USER");
    assertThat(tokens.verify(token).await()).isEqualTo(new Principal(42, "USER"));
    assertThat(tokens.verify(token).await()).isEqualTo(new Principal(42, "USER"));
  }

  @Test
  @DisplayName("An organiser's token carries the ORGANISER role in its roles claim and verifies to an organiser, "
    + "not an admin")
  void organiserRole() {
    AccessTokens tokens = tokens(900);
    String token = tokens.issue(77, Principal.ORGANISER);
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
      StandardCharsets.UTF_8));
    assertThat(claims.getJsonArray("roles").getList()).containsExactly("ORGANISER");
    Principal caller = tokens.verify(token).await();
    assertThat(caller).isEqualTo(new Principal(77, "ORGANISER"));
    assertThat(caller.isOrganiser()).isTrue();
    assertThat(caller.isAdmin()).isFalse();
  }

  @Test
  @DisplayName("A token verified while valid is refused once it has expired, though it was remembered")
  void expiredAfterVerification() throws InterruptedException {
    AccessTokens tokens = tokens(1);
    String token = tokens.issue(7, "USER");
    assertThat(tokens.verify(token).await().userId()).isEqualTo(7);
    Thread.sleep(2100);
    assertThatThrownBy(() -> tokens.verify(token).await()).isNotNull();
  }

  @Test
  @DisplayName("A remembered token does not vouch for a tampered copy of it")
  void tamperedCopy() {
    AccessTokens tokens = tokens(900);
    String token = tokens.issue(42, "USER");
    tokens.verify(token).await();
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    assertThatThrownBy(() -> tokens.verify(tampered).await()).isNotNull();
  }

  @Test
  @DisplayName("The memory of verified tokens forgets at its deadline, and when full keeps the tokens still in use")
  void boundedMemory() {
    VerifiedTokens verified = new VerifiedTokens(2);
    VerifiedTokens.Verified ann = new VerifiedTokens.Verified(new Principal(1, "USER"), "s1");
    verified.put("a", ann, 1000);
    assertThat(verified.get("a", 999)).isEqualTo(ann);
    assertThat(verified.get("a", 1000)).isNull();
    verified.put("a", ann, 5000);
    verified.put("b", ann, 5000);
    verified.put("c", ann, 5000);
    assertThat(verified.get("a", 0)).as("still in use after the memory filled").isEqualTo(ann);
    assertThat(verified.get("c", 0)).as("newest").isEqualTo(ann);
    assertThat(verified.get("b", 0)).as("unused for a generation").isNull();
  }

  @Test
  @DisplayName("A token carries its session id, and is refused once that session has ended, though it was remembered")
  void endedSession() {
    AccessTokens tokens = tokens(900);
    String token = tokens.issue(42, "USER", "session-of-42");
    String other = tokens.issue(42, "USER", "another-session-of-42");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
      StandardCharsets.UTF_8));
    assertThat(claims.getString("sid")).isEqualTo("session-of-42");
    assertThat(tokens.verify(token).await()).isEqualTo(new Principal(42, "USER"));
    RevokedSessions.of(vertx).add("session-of-42", System.currentTimeMillis() + 60_000);
    assertThatThrownBy(() -> tokens.verify(token).await()).isNotNull();
    assertThat(tokens.verify(other).await()).as("another session of the same user").isEqualTo(new Principal(42, "USER"));
  }

  @Test
  @DisplayName("A signed token without a session id is refused: every token we accept can be ended")
  void noSessionId() {
    JsonObject claims = claims("ticketping");
    claims.remove("sid");
    assertThatThrownBy(() -> tokens(900).verify(hs256(SECRET, claims)).await()).isNotNull();
  }

  @Test
  @DisplayName("A hand-made HS256 token with the right key, issuer and claims is accepted (the control of the rows below)")
  void handMadeControl() {
    assertThat(tokens(900).verify(hs256(SECRET, claims("ticketping"))).await()).isEqualTo(new Principal(42, "ADMIN"));
  }

  @Test
  @DisplayName("An alg:none token is refused, with or without a signature part, even after its signed twin was accepted")
  void algNone() {
    AccessTokens tokens = tokens(900);
    String signed = hs256(SECRET, claims("ticketping"));
    tokens.verify(signed).await();
    String unsigned = part(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + part(claims("ticketping"));
    assertThatThrownBy(() -> tokens.verify(unsigned + ".").await()).isNotNull();
    assertThatThrownBy(() -> tokens.verify(unsigned).await()).isNotNull();
    assertThatThrownBy(() -> tokens.verify(unsigned + signed.substring(signed.lastIndexOf('.'))).await()).isNotNull();
  }

  @Test
  @DisplayName("A token of another issuer, or of none, is refused though it is signed with the right key")
  void otherIssuer() {
    AccessTokens tokens = tokens(900);
    assertThatThrownBy(() -> tokens.verify(hs256(SECRET, claims("someone-else"))).await()).isNotNull();
    JsonObject noIssuer = claims("ticketping");
    noIssuer.remove("iss");
    assertThatThrownBy(() -> tokens.verify(hs256(SECRET, noIssuer)).await()).isNotNull();
  }

  @Test
  @DisplayName("A token signed with another key is refused")
  void otherKey() {
    assertThatThrownBy(() -> tokens(900).verify(hs256("another-secret-of-at-least-32-bytes-long!", claims("ticketping")))
      .await()).isNotNull();
  }

  private static JsonObject claims(String issuer) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("sub", "42").put("iss", issuer).put("iat", now).put("exp", now + 600)
      .put("roles", new io.vertx.core.json.JsonArray().add("ADMIN")).put("sid", "a-session");
  }

  private static String hs256(String secret, JsonObject claims) {
    String unsigned = part(new JsonObject().put("alg", "HS256").put("typ", "JWT")) + "." + part(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return unsigned + "." + B64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String part(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
