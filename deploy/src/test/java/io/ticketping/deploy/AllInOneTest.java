package io.ticketping.deploy;

import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class AllInOneTest {

  @Test
  @DisplayName("the assembled system serves a user from signup through the demo waiting room to a queue pass")
  void journey(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().reset();
    int port = TestServers.freePort();
    JsonObject config = TestServers.get().config();
    config.getJsonObject("http").put("port", port).put("instances", 2);
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    JsonObject account = new JsonObject().put("email", "fan@example.com").put("password", "correct-horse");
    AllInOne.deploy(vertx, config)
      .compose(v -> DemoData.ensure(vertx))
      .compose(v -> DemoData.ensure(vertx))
      .compose(line -> {
        ctx.verify(() -> assertThat(line).contains("exists"));
        return client.post("/api/v1/auth/signup").sendJsonObject(account.copy().put("nickname", "Fan"));
      })
      .compose(v -> client.post("/api/v1/auth/login").sendJsonObject(account))
      .map(login -> login.bodyAsJsonObject().getString("accessToken"))
      .compose(token -> client.post("/api/v1/queue/" + DemoData.DEMO_SHOW).bearerTokenAuthentication(token).send()
        .compose(entered -> client.get("/api/v1/queue/demo/pass").bearerTokenAuthentication(token)
          .putHeader("X-Queue-Pass", entered.bodyAsJsonObject().getString("pass")).send()))
      .onComplete(ctx.succeeding(pass -> ctx.verify(() -> {
        assertThat(pass.statusCode()).isEqualTo(200);
        assertThat(pass.bodyAsJsonObject().getString("showId")).isEqualTo("demo");
        ctx.completeNow();
      })));
  }
}
