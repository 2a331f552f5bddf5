package io.ticketping.deploy;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes sure {@code jwt.secret} is set: when neither the configuration nor {@code TICKETPING_JWT_SECRET} gives one,
 * a random 256-bit key is generated on first start and kept in {@code <dataDir>/jwt-secret} (owner-only), so tokens
 * stay valid across restarts and no key is ever committed.
 */
final class JwtSecret {

  private JwtSecret() {
  }

  static void ensure(JsonObject config, Path dataDir) {
    JsonObject jwt = config.getJsonObject("jwt");
    if (!jwt.getString("secret", "").isEmpty()) {
      return;
    }
    Path file = dataDir.resolve("jwt-secret");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(dataDir);
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------"))), Base64.getEncoder().encodeToString(raw));
      }
      jwt.put("secret", Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create or read " + file, e);
    }
  }
}
