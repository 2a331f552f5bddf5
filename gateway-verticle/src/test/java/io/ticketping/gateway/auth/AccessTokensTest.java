package io.ticketping.gateway.auth;

import io.ticketping.gateway.web.Principal;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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

  private static AccessTokens tokens(int ttlSeconds) {
    return new AccessTokens(vertx, new JsonObject().put("secret", "a-test-secret-of-at-least-32-bytes-long")
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
  @DisplayName("The memory of verified tokens forgets at its deadline and starts over when full")
  void boundedMemory() {
    VerifiedTokens verified = new VerifiedTokens(2);
    Principal ann = new Principal(1, "USER");
    verified.put("a", ann, 1000);
    assertThat(verified.get("a", 999)).isEqualTo(ann);
    assertThat(verified.get("a", 1000)).isNull();
    verified.put("a", ann, 5000);
    verified.put("b", ann, 5000);
    verified.put("c", ann, 5000);
    assertThat(verified.get("a", 0)).isNull();
    assertThat(verified.get("c", 0)).isEqualTo(ann);
  }
}
