package io.ticketping.deploy;

import io.ticketping.shared.config.AppConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReadmeConfigTableTest {

  @Test
  @DisplayName("the README's configuration table lists every key of conf/application.json with its variable")
  void everyKeyDocumented() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<String> keys = new ArrayList<>();
    collect(AppConfig.defaults(), "", keys);
    assertThat(keys).isNotEmpty().allSatisfy(key ->
      assertThat(readme).contains("| `" + key + "` | `" + AppConfig.envName(key) + "` |"));
  }

  private static void collect(JsonObject node, String prefix, List<String> keys) {
    for (String name : node.fieldNames()) {
      Object value = node.getValue(name);
      if (value instanceof JsonObject child) {
        collect(child, prefix + name + ".", keys);
      } else {
        keys.add(prefix + name);
      }
    }
  }
}
