package io.ticketping.gateway;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's connection timeouts, over raw sockets: an idle connection is closed after {@code http.idleTimeoutSeconds}
 * (1 s here), while an open queue stream, which writes keep-alive comments, is not; a request head trickled in byte
 * by byte is cut after {@code http.headerTimeoutSeconds} (2 s here, the idle timeout 30 s) though bytes keep coming.
 */
class HttpTimeoutsTest {

  private Vertx vertx;
  private GatewayFixture gw;

  private void start(int idleTimeoutSeconds, int headerTimeoutSeconds) {
    vertx = Vertx.vertx();
    gw = GatewayFixture.startWithQueue(vertx, config -> config.getJsonObject("http")
      .put("idleTimeoutSeconds", idleTimeoutSeconds).put("headerTimeoutSeconds", headerTimeoutSeconds));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("a keep-alive connection left idle after its answer is closed by the server after the idle timeout")
  void idleConnectionClosed() throws Exception {
    start(1, 10);
    Connection connection = connect();
    connection.socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    connection.waitForData("HTTP/1.1 200");
    long answeredAt = System.currentTimeMillis();
    connection.closed.future().await(10, TimeUnit.SECONDS);
    long idleFor = connection.closedAt.get() - answeredAt;
    assertThat(idleFor).as("ms from the answer to the server's close").isBetween(700L, 2500L);
  }

  @Test
  @DisplayName("an open queue stream outlives many idle timeouts: its keep-alive comments come more often")
  void streamNotCutByIdleTimeout() throws Exception {
    start(1, 10);
    String admin = gw.tokenFor(999_999, "ADMIN");
    assertThat(gw.client.put("/api/v1/admin/shows/idle/queue").bearerTokenAuthentication(admin)
      .sendJsonObject(new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 600)).await().statusCode())
      .isEqualTo(200);
    String ann = gw.tokenFor(1, "USER");
    String bob = gw.tokenFor(2, "USER");
    assertThat(gw.client.post("/api/v1/queue/idle").bearerTokenAuthentication(ann).send().await().statusCode())
      .isEqualTo(200);
    assertThat(gw.client.post("/api/v1/queue/idle").bearerTokenAuthentication(bob).send().await().statusCode())
      .isEqualTo(200);
    Connection stream = connect();
    stream.socket.write("GET /api/v1/queue/idle/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
      + "Authorization: Bearer " + bob + "\r\n\r\n");
    stream.waitForData("\"position\":2");
    Thread.sleep(3500);
    assertThat(stream.closed.future().isComplete())
      .as("the stream is still open after 3.5 idle timeouts; it received: " + stream.received()).isFalse();
    assertThat(stream.received()).contains(": keep-alive");
    // And it still works: Ann leaves, Bob's stream tells him he is first.
    assertThat(gw.client.delete("/api/v1/queue/idle").bearerTokenAuthentication(ann).send().await().statusCode())
      .isEqualTo(204);
    stream.waitForData("\"position\":1");
    stream.socket.close();
  }

  @Test
  @DisplayName("a request head trickled a byte at a time is cut after the header timeout, though bytes keep coming")
  void slowHeadersCut() throws Exception {
    start(30, 2);
    Connection slow = connect();
    long startedAt = System.currentTimeMillis();
    slow.socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    // One byte every 200 ms, for ever: a head that never ends.
    long timer = vertx.setPeriodic(200, id -> slow.socket.write("X"));
    slow.closed.future().await(10, TimeUnit.SECONDS);
    vertx.cancelTimer(timer);
    long cutAfter = slow.closedAt.get() - startedAt;
    assertThat(cutAfter).as("ms until the server closed the slow connection").isBetween(1700L, 3500L);
    assertThat(slow.received()).doesNotContain("HTTP/1.1 200");

    // A client that sends its request at once is served as before.
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gw.port));
    assertThat(http.request(HttpMethod.GET, "/health").compose(r -> r.send()).await().statusCode()).isEqualTo(200);
  }

  private Connection connect() {
    NetSocket socket = vertx.createNetClient().connect(gw.port, "127.0.0.1").await();
    return new Connection(socket);
  }

  /** A raw connection to the gateway: what it received, and when the server closed it. */
  private static final class Connection {

    final NetSocket socket;
    final Promise<Void> closed = Promise.promise();
    final AtomicLong closedAt = new AtomicLong();
    private final StringBuilder data = new StringBuilder();

    Connection(NetSocket socket) {
      this.socket = socket;
      socket.handler(buffer -> {
        synchronized (data) {
          data.append(buffer.toString());
        }
      });
      socket.closeHandler(v -> {
        closedAt.set(System.currentTimeMillis());
        closed.tryComplete();
      });
    }

    String received() {
      synchronized (data) {
        return data.toString();
      }
    }

    void waitForData(String expected) throws InterruptedException {
      long deadline = System.currentTimeMillis() + 10_000;
      while (!received().contains(expected)) {
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("no '" + expected + "' within 10 s; received: " + received());
        }
        Thread.sleep(20);
      }
    }
  }
}
