package io.ticketping.deploy;

import io.ticketping.shared.crypto.Es256Keys;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Fills in the signing keys the configuration leaves empty: the access-token key ({@code jwt.secret}) and the queue
 * pass key pair ({@code queuePass.*KeyPem}). Each is generated on first start and kept owner-only under
 * {@code dataDir}, so tokens and passes stay valid across restarts, every verticle instance signs with the same key,
 * and no key is ever committed.
 */
final class GeneratedKeys {

  private GeneratedKeys() {
  }

  static void ensure(JsonObject config, Path dataDir) {
    JsonObject jwt = config.getJsonObject("jwt");
    if (jwt.getString("secret", "").isEmpty()) {
      jwt.put("secret", OwnerOnlyFiles.readOrCreate(dataDir.resolve("jwt-secret"), GeneratedKeys::randomSecret));
    }
    JsonObject pass = config.getJsonObject("queuePass");
    if (pass.getString("privateKeyPem", "").isEmpty()) {
      Es256Keys[] generated = new Es256Keys[1];
      Supplier<Es256Keys> keys = () -> generated[0] == null ? (generated[0] = Es256Keys.generate()) : generated[0];
      pass.put("privateKeyPem",
        OwnerOnlyFiles.readOrCreate(dataDir.resolve("queue-pass-private.pem"), () -> keys.get().privatePem()));
      pass.put("publicKeyPem",
        OwnerOnlyFiles.readOrCreate(dataDir.resolve("queue-pass-public.pem"), () -> keys.get().publicPem()));
    }
  }

  /** 32 random bytes, base64. */
  static String randomSecret() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }
}
