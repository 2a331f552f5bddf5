package io.ticketping.gateway.users;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

  @Test
  @DisplayName("a hash verifies its own password only, and the same password hashes differently each time (salt)")
  void saltedAndVerifiable() {
    String first = PasswordHasher.hashNow("correct-horse", 1000);
    String second = PasswordHasher.hashNow("correct-horse", 1000);
    assertThat(first).startsWith("pbkdf2-sha512$1000$").isNotEqualTo(second);
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

  @Test
  @DisplayName("a new hash is PBKDF2-HMAC-SHA512 with a 512-bit result, as an independent computation confirms")
  void newHashesUseSha512() throws Exception {
    String stored = PasswordHasher.hashNow("correct-horse", 1000);
    String[] parts = stored.split("\\$");
    assertThat(parts[0]).isEqualTo("pbkdf2-sha512");
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] hash = Base64.getDecoder().decode(parts[3]);
    assertThat(salt).hasSize(16);
    assertThat(hash).hasSize(64);
    assertThat(hash).isEqualTo(pbkdf2("PBKDF2WithHmacSHA512", "correct-horse", salt, 1000, 512));
    assertThat(hash).isNotEqualTo(pbkdf2("PBKDF2WithHmacSHA512", "correct-horsf", salt, 1000, 512));
  }

  @Test
  @DisplayName("a pbkdf2-sha256 hash written before the switch to SHA-512 still verifies its password, and only it")
  void legacySha256HashStillVerifies() throws Exception {
    byte[] salt = "sixteen-byte-slt".getBytes(StandardCharsets.UTF_8);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    // The pbkdf2-sha256 format, which stored hashes may still hold (and perf's PasswordHashes writes).
    String legacy = "pbkdf2-sha256$3000$" + b64.encodeToString(salt) + "$"
      + b64.encodeToString(pbkdf2("PBKDF2WithHmacSHA256", "correct-horse", salt, 3000, 256));
    assertThat(PasswordHasher.matches("correct-horse", legacy)).isTrue();
    assertThat(PasswordHasher.matches("correct-horsf", legacy)).isFalse();
    // The scheme decides the PRF: the same SHA-256 bytes labelled sha512 (or the reverse) do not verify.
    assertThat(PasswordHasher.matches("correct-horse", legacy.replace("pbkdf2-sha256", "pbkdf2-sha512"))).isFalse();
    String modern = PasswordHasher.hashNow("correct-horse", 3000);
    assertThat(PasswordHasher.matches("correct-horse", modern.replace("pbkdf2-sha512", "pbkdf2-sha256"))).isFalse();
  }

  @Test
  @DisplayName("hashing and verifying, asked for on an event loop, run elsewhere: the loop's timer keeps firing meanwhile")
  void neverOnTheEventLoop() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      // Costly enough that a hash on the event loop would stall its timer for far longer than the bound below.
      PasswordHasher hasher = new PasswordHasher(vertx, 500_000);
      Context loop = vertx.getOrCreateContext();
      List<Long> ticks = new ArrayList<>();
      Promise<long[]> done = Promise.promise();
      loop.runOnContext(v -> {
        assertThat(Context.isOnEventLoopThread()).isTrue();
        long timer = vertx.setPeriodic(10, id -> ticks.add(System.nanoTime()));
        long start = System.nanoTime();
        ticks.add(start);
        hasher.hash("correct-horse")
          .compose(stored -> hasher.verify("correct-horse", stored))
          .compose(ok -> ok ? Future.succeededFuture() : Future.failedFuture("the hash did not verify"))
          .compose(v2 -> hasher.verify("correct-horse", null).map(decoy -> {
            assertThat(decoy).as("an unknown email never verifies").isFalse();
            return null;
          }))
          .onComplete(result -> {
            long end = System.nanoTime();
            ticks.add(end);
            vertx.cancelTimer(timer);
            if (result.failed()) {
              done.fail(result.cause());
            } else {
              done.complete(new long[] {start, end});
            }
          });
      });
      long[] span = done.future().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
      long tookMs = (span[1] - span[0]) / 1_000_000;
      long longestGapMs = 0;
      for (int i = 1; i < ticks.size(); i++) {
        longestGapMs = Math.max(longestGapMs, (ticks.get(i) - ticks.get(i - 1)) / 1_000_000);
      }
      assertThat(tookMs).as("three PBKDF2 runs of 500,000 rounds").isGreaterThan(300);
      assertThat(longestGapMs).as("longest stall of the event loop's 10 ms timer while hashing took %d ms", tookMs)
        .isLessThan(Math.min(500, tookMs / 3));
    } finally {
      vertx.close().await();
    }
  }

  private static byte[] pbkdf2(String algorithm, String password, byte[] salt, int iterations, int bits)
    throws Exception {
    return SecretKeyFactory.getInstance(algorithm)
      .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, bits)).getEncoded();
  }
}
