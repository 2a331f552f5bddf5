package io.ticketping.gateway;

import io.ticketping.queue.QueueVerticle;
import io.ticketping.shared.testing.TestServers;
import io.ticketping.shared.testing.Waits;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polls while the queue service is gone: no tick refreshes the gateway's view of the line, and the queue service
 * cannot answer (then its breaker refuses at once), so a waiting user is told the last known place, marked stale.
 */
@ExtendWith(VertxExtension.class)
class QueueOutagePollTest {

  private static final long TICK_MS = 100;

  private GatewayFixture gw;
  private String queueDeployment;

  @Test
  @DisplayName("queue service undeployed: polls of a place in the gateway's view still answer 200 with that place "
    + "and stale: true, through the breaker opening; a place the view never saw gets 503 with Retry-After")
  void pollsAnswerFromTheLastViewWhileTheQueueIsDown(Vertx vertx) {
    TestServers.get().kafka(); // the queue service consumes order events
    gw = GatewayFixture.start(vertx, config -> {
      config.getJsonObject("queue").put("tickMillis", TICK_MS);
      config.getJsonObject("rateLimit").put("perUserCapacity", 100_000).put("perIpCapacity", 100_000);
      config.getJsonObject("breakers").put("maxFailures", 2).put("resetMs", 60_000);
      queueDeployment = vertx.deployVerticle(new QueueVerticle(), new DeploymentOptions().setConfig(config)).await();
    });
    String admin = gw.tokenFor(999_999, "ADMIN");
    HttpResponse<Buffer> configured = gw.client.put("/api/v1/admin/shows/down/queue").bearerTokenAuthentication(admin)
      .sendJsonObject(new JsonObject().put("capacity", 1).put("idleTimeoutSeconds", 600)).await();
    assertThat(configured.statusCode()).as(configured.bodyAsString()).isEqualTo(200);
    for (long user = 1; user <= 3; user++) {
      assertThat(gw.client.post("/api/v1/queue/down").bearerTokenAuthentication(gw.tokenFor(user, "USER")).send()
        .await().statusCode()).isEqualTo(200);
    }
    HttpResponse<Buffer> before = poll(3);
    assertThat(before.statusCode()).isEqualTo(200);
    Waits.later(vertx, 5 * TICK_MS + 300).await(); // the view reads the line at the next ticks
    JsonObject live = poll(3).bodyAsJsonObject();
    assertThat(live.getLong("position")).isEqualTo(2);
    assertThat(live.containsKey("stale")).isFalse();

    vertx.undeploy(queueDeployment).await();
    Waits.later(vertx, 5 * TICK_MS).await(); // no ticks: the view is now older than two ticks
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> poll = poll(3);
      assertThat(poll.statusCode()).as("poll %d while the queue is down: %s", i, poll.bodyAsString()).isEqualTo(200);
      JsonObject status = poll.bodyAsJsonObject();
      assertThat(status.getString("status")).isEqualTo("WAITING");
      assertThat(status.getLong("position")).isEqualTo(2);
      assertThat(status.getBoolean("stale")).isTrue();
    }
    HttpResponse<Buffer> unknown = poll(99);
    assertThat(unknown.statusCode()).isEqualTo(503);
    assertThat(unknown.getHeader("Retry-After")).isEqualTo("60");
  }

  private HttpResponse<Buffer> poll(long user) {
    return gw.client.get("/api/v1/queue/down").bearerTokenAuthentication(gw.tokenFor(user, "USER")).send().await();
  }
}
