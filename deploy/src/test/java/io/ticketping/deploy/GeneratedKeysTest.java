package io.ticketping.deploy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedKeysTest {

  @Test
  @DisplayName("with no configured key one is generated once, kept owner-only, and reused on the next start")
  void generatedOnceAndKept(@TempDir Path dir) throws Exception {
    JsonObject first = emptyKeys();
    JsonObject second = emptyKeys();
    GeneratedKeys.ensure(first, dir);
    GeneratedKeys.ensure(second, dir);
    String secret = first.getJsonObject("jwt").getString("secret");
    assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
    assertThat(second.getJsonObject("jwt").getString("secret")).isEqualTo(secret);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("jwt-secret"))))
      .isEqualTo("rw-------");
    String passKey = first.getJsonObject("queuePass").getString("privateKeyPem");
    assertThat(passKey).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(second.getJsonObject("queuePass").getString("privateKeyPem")).isEqualTo(passKey);
    assertThat(second.getJsonObject("queuePass").getString("publicKeyPem")).startsWith("-----BEGIN PUBLIC KEY-----");
  }

  private static JsonObject emptyKeys() {
    return new JsonObject().put("jwt", new JsonObject().put("secret", ""))
      .put("queuePass", new JsonObject().put("privateKeyPem", "").put("publicKeyPem", ""));
  }

  @Test
  @DisplayName("a configured key is used as given and nothing is written")
  void configuredKeyWins(@TempDir Path dir) {
    JsonObject config = emptyKeys();
    config.getJsonObject("jwt").put("secret", "from-the-environment-0123456789abcdef");
    config.getJsonObject("queuePass").put("privateKeyPem", "given").put("publicKeyPem", "given");
    GeneratedKeys.ensure(config, dir);
    assertThat(config.getJsonObject("jwt").getString("secret")).isEqualTo("from-the-environment-0123456789abcdef");
    assertThat(config.getJsonObject("queuePass").getString("privateKeyPem")).isEqualTo("given");
    assertThat(dir).isEmptyDirectory();
  }
}
