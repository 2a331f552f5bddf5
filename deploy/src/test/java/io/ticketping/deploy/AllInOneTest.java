package io.ticketping.deploy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
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
  @DisplayName("the assembled system with its demo data serves a user from signup through the waiting room to a held order")
  void journey(Vertx vertx, VertxTestContext ctx) {
    // Free ports for the gateway and the provider simulator: a system someone runs on 8080/8090 is left alone.
    JsonObject config = SystemFixture.testConfig();
    int port = config.getJsonObject("http").getInteger("port");
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    JsonObject account = new JsonObject().put("email", "fan@example.com").put("password", "correct-horse");
    String[] token = new String[1];
    String[] pass = new String[1];
    RoleDeployment.deploy(vertx, config)
      .compose(v -> DemoData.ensure(vertx))
      .compose(first -> DemoData.ensure(vertx).map(second -> {
        ctx.verify(() -> {
          assertThat(first).contains("created");
          assertThat(second).contains("no demo data added");
        });
        return null;
      }))
      .compose(v -> client.post("/api/v1/auth/signup").sendJsonObject(account.copy().put("nickname", "Fan")))
      .compose(v -> client.post("/api/v1/auth/login").sendJsonObject(account))
      .compose(login -> {
        token[0] = login.bodyAsJsonObject().getString("accessToken");
        return client.get("/api/v1/shows").send();
      })
      .compose(shows -> {
        long showId = shows.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getLong("showId");
        return client.post("/api/v1/queue/" + showId).bearerTokenAuthentication(token[0]).send()
          .compose(entered -> {
            pass[0] = entered.bodyAsJsonObject().getString("pass");
            return client.get("/api/v1/shows/" + showId).send();
          });
      })
      .compose(show -> {
        JsonArray schedules = show.bodyAsJsonObject().getJsonArray("schedules");
        ctx.verify(() -> assertThat(schedules).hasSize(2));
        long scheduleId = schedules.getJsonObject(0).getLong("scheduleId");
        return client.get("/api/v1/schedules/" + scheduleId + "/seats").send()
          .compose(seats -> {
            JsonArray all = seats.bodyAsJsonObject().getJsonArray("seats");
            ctx.verify(() -> assertThat(all).hasSize(1000));
            return client.post("/api/v1/orders").bearerTokenAuthentication(token[0]).putHeader("X-Queue-Pass", pass[0])
              .sendJsonObject(new JsonObject().put("scheduleId", scheduleId)
                .put("seatIds", new JsonArray().add(all.getJsonObject(0).getLong("seatId"))));
          });
      })
      .onComplete(ctx.succeeding((HttpResponse<Buffer> order) -> ctx.verify(() -> {
        assertThat(order.statusCode()).as(order.bodyAsString()).isEqualTo(201);
        assertThat(order.bodyAsJsonObject().getString("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(order.bodyAsJsonObject().getLong("amount")).isEqualTo(150_000);
        ctx.completeNow();
      })));
  }
}
