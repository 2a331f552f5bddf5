package io.ticketping.gateway.auth;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

  @Test
  @DisplayName("a hash verifies its own password only, and the same password hashes differently each time (salt)")
  void saltedAndVerifiable() {
    String first = PasswordHasher.hashNow("correct-horse", 1000);
    String second = PasswordHasher.hashNow("correct-horse", 1000);
    assertThat(first).startsWith("pbkdf2-sha256$1000$").isNotEqualTo(second);
    assertThat(PasswordHasher.matches("correct-horse", first)).isTrue();
    assertThat(PasswordHasher.matches("correct-horsf", first)).isFalse();
    assertThat(PasswordHasher.matches("correct-horse", "md5$whatever")).isFalse();
  }

  @Test
  @DisplayName("a hash keeps working after the configured cost changes, since it records its own rounds")
  void costIsRecorded() {
    String old = PasswordHasher.hashNow("correct-horse", 2000);
    assertThat(PasswordHasher.matches("correct-horse", old)).isTrue();
  }
}
