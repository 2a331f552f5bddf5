package io.ticketping.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Queue streams over cleartext HTTP/2 ({@code http.h2c}), as an HTTP/2 proxy in front of the gateway sends them. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class QueueStreamHttp2Test {

  private static final int WAITERS = 250;
  private static final int CONNECTIONS = 3;

  @Test
  @DisplayName("with http.h2c on, 250 waiters' streams share three HTTP/2 connections: each stream tells its own "
    + "place, the head's stream ends with its pass while the others on its connection go on and move up, and "
    + "HTTP/1.1 is still served on the same port")
  void streamsShareConnections(Vertx vertx) {
    GatewayFixture gw = GatewayFixture.startWithQueue(vertx, config -> config.getJsonObject("http").put("h2c", true));
    String admin = gw.tokenFor(999_999, "ADMIN");
    configure(gw, admin, 0);
    List<String> tokens = new ArrayList<>();
    for (int user = 1; user <= WAITERS; user++) {
      String token = gw.tokenFor(user, "USER");
      tokens.add(token);
      HttpResponse<?> entered = gw.client.post("/api/v1/queue/h2").bearerTokenAuthentication(token).send().await();
      assertThat(entered.bodyAsJsonObject().getLong("position")).as("user %d enters", user).isEqualTo(user);
    }
    HttpClient h2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
      .setHttp2ClearTextUpgrade(false).setHttp2MultiplexingLimit(100), new PoolOptions().setHttp2MaxSize(CONNECTIONS));
    try {
      List<Future<SseClient>> opening = new ArrayList<>();
      for (String token : tokens) {
        opening.add(SseClient.open(h2, gw.port, "/api/v1/queue/h2/stream", token, null));
      }
      Future.all(opening).await();
      List<SseClient> streams = opening.stream().map(Future::result).toList();
      Map<HttpConnection, Integer> perConnection = new IdentityHashMap<>();
      for (int place = 1; place <= WAITERS; place++) {
        SseClient stream = streams.get(place - 1);
        perConnection.merge(stream.connection(), 1, Integer::sum);
        assertThat(stream.next(e -> e.name().equals("position")).await().data().getLong("position"))
          .as("the stream of place %d", place).isEqualTo(place);
      }
      assertThat(perConnection).as("streams per HTTP/2 connection").hasSize(CONNECTIONS)
        .allSatisfy((connection, count) -> assertThat(count).isLessThanOrEqualTo(100));

      configure(gw, admin, 1);
      assertThat(streams.get(0).next(e -> e.name().equals("admitted")).await().data().getString("pass"))
        .isNotBlank();
      // Within the first 100 places every move is told at once.
      for (int place = 2; place <= 100; place++) {
        int now = place - 1;
        streams.get(place - 1).next(e -> e.name().equals("position") && e.data().getLong("position") == now).await();
      }
      HttpResponse<?> polled = gw.client.get("/api/v1/queue/h2").bearerTokenAuthentication(tokens.get(4)).send()
        .await();
      assertThat(polled.version()).isEqualTo(HttpVersion.HTTP_1_1);
      assertThat(polled.bodyAsJsonObject().getLong("position")).isEqualTo(4);
    } finally {
      h2.close().await();
    }
  }

  private static void configure(GatewayFixture gw, String admin, int capacity) {
    HttpResponse<?> configured = gw.client.put("/api/v1/admin/shows/h2/queue").bearerTokenAuthentication(admin)
      .sendJsonObject(new JsonObject().put("capacity", capacity)).await();
    assertThat(configured.statusCode()).as(configured.bodyAsString()).isEqualTo(200);
  }
}
