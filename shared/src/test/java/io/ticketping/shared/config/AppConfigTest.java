package io.ticketping.shared.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppConfigTest {

  @Test
  @DisplayName("the defaults come from conf/application.json and the gateway listens on 8080")
  void defaults() {
    JsonObject config = AppConfig.defaults();
    assertThat(config.getJsonObject("http").getInteger("port")).isEqualTo(8080);
    assertThat(config.getJsonObject("redis").getString("url")).startsWith("redis://");
  }

  @Test
  @DisplayName("an environment variable overrides its key and keeps the type of the default")
  void environmentOverrides() {
    JsonObject config = AppConfig.load(Map.of(
      "TICKETPING_HTTP_PORT", "9090",
      "TICKETPING_REDIS_URL", "redis://example:1",
      "TICKETPING_RATE_LIMIT_PER_IP_CAPACITY", "7",
      "TICKETPING_HTTP_ACCESS_LOG", "false"));
    assertThat(config.getJsonObject("http").getValue("port")).isEqualTo(9090);
    assertThat(config.getJsonObject("http").getValue("accessLog")).isEqualTo(false);
    assertThat(config.getJsonObject("redis").getString("url")).isEqualTo("redis://example:1");
    assertThat(config.getJsonObject("rateLimit").getInteger("perIpCapacity")).isEqualTo(7);
  }

  @Test
  @DisplayName("a malformed override is refused with the variable's name instead of being silently ignored")
  void malformedOverride() {
    assertThatThrownBy(() -> AppConfig.load(Map.of("TICKETPING_HTTP_PORT", "eighty")))
      .hasMessageContaining("TICKETPING_HTTP_PORT");
    assertThatThrownBy(() -> AppConfig.load(Map.of("TICKETPING_HTTP_ACCESS_LOG", "yes")))
      .hasMessageContaining("TICKETPING_HTTP_ACCESS_LOG");
  }

  @Test
  @DisplayName("a TICKETPING_ variable that names no key is reported with the nearest name; known ones are not")
  void unknownVariables() {
    JsonObject config = AppConfig.defaults();
    Map<String, String> env = Map.of("TICKETPING_HTTP_PORTT", "9090", "TICKETPING_HTTP_PORT", "9090",
      "TICKETPING_KAFKA_LIB", "/opt/kafka", "TICKETPING_CONFIG_FILE", "x.json", "PATH", "/bin");
    assertThat(AppConfig.unknownVariables(config, env, Set.of("TICKETPING_KAFKA_LIB")))
      .containsExactly("TICKETPING_HTTP_PORTT (did you mean TICKETPING_HTTP_PORT?)");
  }

  @Test
  @DisplayName("the variable name is the key path in upper snake case")
  void envNames() {
    assertThat(AppConfig.envName("admin.password")).isEqualTo("TICKETPING_ADMIN_PASSWORD");
    assertThat(AppConfig.envName("rateLimit.perUserRefillPerSecond"))
      .isEqualTo("TICKETPING_RATE_LIMIT_PER_USER_REFILL_PER_SECOND");
  }
}
