package io.ticketping.deploy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class JwtSecretTest {

  @Test
  @DisplayName("with no configured key one is generated once, kept owner-only, and reused on the next start")
  void generatedOnceAndKept(@TempDir Path dir) throws Exception {
    JsonObject first = new JsonObject().put("jwt", new JsonObject().put("secret", ""));
    JsonObject second = new JsonObject().put("jwt", new JsonObject().put("secret", ""));
    JwtSecret.ensure(first, dir);
    JwtSecret.ensure(second, dir);
    String secret = first.getJsonObject("jwt").getString("secret");
    assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
    assertThat(second.getJsonObject("jwt").getString("secret")).isEqualTo(secret);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("jwt-secret"))))
      .isEqualTo("rw-------");
  }

  @Test
  @DisplayName("a configured key is used as given and nothing is written")
  void configuredKeyWins(@TempDir Path dir) {
    JsonObject config = new JsonObject().put("jwt", new JsonObject().put("secret", "from-the-environment-0123456789abcdef"));
    JwtSecret.ensure(config, dir);
    assertThat(config.getJsonObject("jwt").getString("secret")).isEqualTo("from-the-environment-0123456789abcdef");
    assertThat(dir.resolve("jwt-secret")).doesNotExist();
  }
}
