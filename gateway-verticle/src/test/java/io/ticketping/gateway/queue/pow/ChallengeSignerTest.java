package io.ticketping.gateway.queue.pow;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChallengeSignerTest {

  private static final JsonObject JWT = new JsonObject().put("secret", "j".repeat(32));
  private static final JsonObject DERIVED = new JsonObject().put("secret", "");

  @Test
  @DisplayName("a challenge opens to what was signed, with a show id of any allowed characters; every one is unique")
  void roundTrip() {
    ChallengeSigner signer = ChallengeSigner.of(DERIVED, JWT);
    Challenge issued = signer.issue(42, "show_A-1", 20, 1_700_000_000_000L);
    Challenge opened = signer.open(issued.token());
    assertThat(opened).isEqualTo(issued);
    assertThat(signer.issue(42, "show_A-1", 20, 1_700_000_000_000L).signature()).isNotEqualTo(issued.signature());
  }

  @Test
  @DisplayName("a changed, truncated or foreign challenge does not open; the derived key is not the access-token key")
  void onlyOwnChallengesOpen() {
    ChallengeSigner signer = ChallengeSigner.of(DERIVED, JWT);
    String token = signer.issue(42, "s", 20, 1L).token();
    int dot = token.indexOf('.');
    String otherPayload = signer.issue(43, "s", 20, 1L).token();
    assertThat(signer.open(otherPayload.substring(0, otherPayload.indexOf('.')) + token.substring(dot))).isNull();
    assertThat(signer.open(token.substring(0, token.length() - 2))).isNull();
    assertThat(signer.open(token + ".x")).isNull();
    assertThat(signer.open("not base64!.???")).isNull();
    assertThat(signer.open("")).isNull();
    ChallengeSigner ownKey = ChallengeSigner.of(new JsonObject().put("secret", "p".repeat(32)), JWT);
    assertThat(ownKey.open(token)).as("another key").isNull();
    ChallengeSigner jwtKeyItself = ChallengeSigner.of(new JsonObject().put("secret", "j".repeat(32)), JWT);
    assertThat(jwtKeyItself.open(token)).as("signed with a key derived from jwt.secret, not with it").isNull();
    assertThatThrownBy(() -> ChallengeSigner.of(new JsonObject().put("secret", "short"), JWT))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proofOfWork.secret");
  }

  @Test
  @DisplayName("leading zero bits are counted across bytes, and a nonce solves only up to its hash's zero bits")
  void zeroBits() {
    assertThat(ProofOfWork.leadingZeroBits(new byte[] {0, 0, 0x10, 1})).isEqualTo(19);
    assertThat(ProofOfWork.leadingZeroBits(new byte[] {(byte) 0x80, 0})).isZero();
    assertThat(ProofOfWork.leadingZeroBits(new byte[] {0, 0})).isEqualTo(16);
    // SHA-256("abc") starts with 0xba: no zero bit.
    assertThat(ProofOfWork.solves("ab", "c", 0)).isTrue();
    assertThat(ProofOfWork.solves("ab", "c", 1)).isFalse();
    int bits = ProofOfWork.leadingZeroBits(ProofOfWork.hash("challenge", "123"));
    assertThat(ProofOfWork.solves("challenge", "123", bits)).isTrue();
    assertThat(ProofOfWork.solves("challenge", "123", bits + 1)).isFalse();
  }
}
