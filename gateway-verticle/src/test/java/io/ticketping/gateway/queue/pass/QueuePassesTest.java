package io.ticketping.gateway.queue.pass;

import io.ticketping.shared.crypto.Es256Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueuePassesTest {

  private static final Es256Keys KEYS = Es256Keys.generate();

  private final Vertx vertx = Vertx.vertx();
  private final Vertx otherJvm = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
    await(otherJvm.close());
  }

  @Test
  @DisplayName("a pass signed in this JVM is recognised by every gateway instance without verifying it again")
  void signedPassIsKnownToEveryInstance() throws Exception {
    QueuePasses signer = new QueuePasses(vertx, config(KEYS));
    // This instance's public key is not the signer's: it can only accept the pass because the JVM knows the token.
    QueuePasses otherInstance = new QueuePasses(vertx, config(Es256Keys.generate()));
    long expiry = System.currentTimeMillis() + 60_000;
    String token = await(signer.issue(7, "3", expiry));

    QueuePass pass = await(otherInstance.verify(token));

    assertThat(pass.userId()).isEqualTo(7);
    assertThat(pass.showId()).isEqualTo("3");
    assertThat(pass.expiresAtMillis()).isBetween(expiry, expiry + 999);
    assertThat(await(signer.verify(token))).isEqualTo(pass);
  }

  @Test
  @DisplayName("a pass from another JVM is verified once with the public key; a tampered or foreign one is refused")
  void foreignPassesAreVerified() throws Exception {
    String fromOtherJvm = await(new QueuePasses(otherJvm, config(KEYS)).issue(8, "4", System.currentTimeMillis() + 60_000));
    String fromOtherKey = await(new QueuePasses(otherJvm, config(Es256Keys.generate()))
      .issue(8, "4", System.currentTimeMillis() + 60_000));
    QueuePasses here = new QueuePasses(vertx, config(KEYS));

    assertThat(await(here.verify(fromOtherJvm)).userId()).isEqualTo(8);
    assertThatThrownBy(() -> await(here.verify(fromOtherKey))).isNotNull();
    String tampered = fromOtherJvm.substring(0, fromOtherJvm.length() - 3)
      + (fromOtherJvm.endsWith("AAA") ? "BBB" : "AAA");
    assertThatThrownBy(() -> await(here.verify(tampered))).isNotNull();
    assertThat(new KnownPasses(vertx).get(fromOtherJvm, System.currentTimeMillis())).as("remembered once verified")
      .isNotNull();
    assertThat(new KnownPasses(vertx).get(tampered, System.currentTimeMillis())).isNull();
  }

  @Test
  @DisplayName("a remembered pass is refused once it expires, and pruning forgets it")
  void rememberedPassExpires() throws Exception {
    QueuePasses passes = new QueuePasses(vertx, config(KEYS));
    String token = await(passes.issue(9, "5", System.currentTimeMillis() + 500));
    QueuePass pass = await(passes.verify(token));

    Thread.sleep(Math.max(0, pass.expiresAtMillis() - System.currentTimeMillis()) + 50);

    assertThatThrownBy(() -> await(passes.verify(token))).isNotNull();
    assertThat(new KnownPasses(vertx).prune(System.currentTimeMillis())).isZero();
  }

  @Test
  @DisplayName("an expired pass is refused by verify yet recognised by signed, whether this JVM or another signed it; "
    + "a tampered or foreign expired pass is refused by both")
  void expiredPassIsStillSigned() throws Exception {
    QueuePasses passes = new QueuePasses(vertx, config(KEYS));
    long soon = System.currentTimeMillis() + 200;
    String mine = await(passes.issue(9, "5", soon));
    String fromOtherJvm = await(new QueuePasses(otherJvm, config(KEYS)).issue(10, "5", soon));
    String foreign = await(new QueuePasses(otherJvm, config(Es256Keys.generate())).issue(11, "5", soon));
    String tampered = fromOtherJvm.substring(0, fromOtherJvm.length() - 3)
      + (fromOtherJvm.endsWith("AAA") ? "BBB" : "AAA");

    // The expiry is rounded up to the whole second.
    Thread.sleep(soon - System.currentTimeMillis() + 1100);

    for (String expired : new String[] {mine, fromOtherJvm, foreign, tampered}) {
      assertThatThrownBy(() -> await(passes.verify(expired))).isNotNull();
    }
    assertThat(await(passes.signed(mine)).userId()).isEqualTo(9);
    QueuePass other = await(passes.signed(fromOtherJvm));
    assertThat(other.userId()).isEqualTo(10);
    assertThat(other.showId()).isEqualTo("5");
    assertThat(other.expiresAtMillis()).isLessThan(System.currentTimeMillis());
    assertThatThrownBy(() -> await(passes.signed(foreign))).isNotNull();
    assertThatThrownBy(() -> await(passes.signed(tampered))).isNotNull();
  }

  private static JsonObject config(Es256Keys keys) {
    return new JsonObject().put("privateKeyPem", keys.privatePem()).put("publicKeyPem", keys.publicPem())
      .put("issuer", "ticketping-queue");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
