package io.ticketping.shared.redis;

import io.ticketping.shared.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class RedisClientsTest {

  @Test
  @DisplayName("redis.clusterNodes is read from a comma-separated string (the environment) or a JSON array")
  void clusterNodes() {
    assertThat(RedisClients.clusterNodes(new JsonObject().put("clusterNodes", " redis://a:1, redis://b:2 ,,")))
      .containsExactly("redis://a:1", "redis://b:2");
    assertThat(RedisClients.clusterNodes(new JsonObject().put("clusterNodes", new JsonArray().add("redis://a:1"))))
      .containsExactly("redis://a:1");
    assertThat(RedisClients.clusterNodes(AppConfig.defaults().getJsonObject("redis"))).isEmpty();
  }

  @Test
  @DisplayName("redis.cluster true with no node is refused at start, not at the first command")
  void clusterWithoutNodes(Vertx vertx) {
    JsonObject config = AppConfig.defaults();
    config.getJsonObject("redis").put("cluster", true);
    assertThatThrownBy(() -> RedisClients.create(vertx, config)).hasMessageContaining("redis.clusterNodes");
  }
}
