package io.ticketping.deploy;

import io.ticketping.shared.crypto.Es256Keys;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
      jwt.put("secret", readOrCreate(dataDir.resolve("jwt-secret"), GeneratedKeys::randomSecret));
    }
    JsonObject pass = config.getJsonObject("queuePass");
    if (pass.getString("privateKeyPem", "").isEmpty()) {
      Es256Keys[] generated = new Es256Keys[1];
      Supplier<Es256Keys> keys = () -> generated[0] == null ? (generated[0] = Es256Keys.generate()) : generated[0];
      pass.put("privateKeyPem", readOrCreate(dataDir.resolve("queue-pass-private.pem"), () -> keys.get().privatePem()));
      pass.put("publicKeyPem", readOrCreate(dataDir.resolve("queue-pass-public.pem"), () -> keys.get().publicPem()));
    }
  }

  private static String readOrCreate(Path file, Supplier<String> content) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------"))), content.get());
      }
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create or read " + file, e);
    }
  }

  private static String randomSecret() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }
}
