package io.ticketping.gateway;

import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caps on queue streams (per user, per JVM) and a client that leaves during a stream's first call, against the
 * real queue service, Redis and gateway.
 */
class QueueStreamLimitsTest {

  private Vertx vertx;
  private GatewayFixture gw;
  private HttpClient http;
  private String admin;

  private void start(Consumer<JsonObject> tweak) {
    vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), TestServers.get().config()));
    gw = GatewayFixture.startWithQueue(vertx, tweak);
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false), new PoolOptions().setHttp1MaxSize(100));
    admin = gw.tokenFor(999_999, "ADMIN");
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("one user opening 50 streams at once: 3 (the cap) stay open, the other 47 get a 429 problem; closing "
    + "one makes room for one more")
  void perUserCap() throws Exception {
    start(config -> { });
    admin("PUT", "/api/v1/admin/shows/cap/queue", new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 600));
    String ann = gw.tokenFor(1, "USER");
    enter("cap", ann);

    List<Future<HttpClientResponse>> opened = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      opened.add(stream("/api/v1/queue/cap/stream", ann));
    }
    Future.all(opened).await(20, TimeUnit.SECONDS);
    List<HttpClientResponse> open = new ArrayList<>();
    List<HttpClientResponse> refused = new ArrayList<>();
    for (Future<HttpClientResponse> f : opened) {
      (f.result().statusCode() == 200 ? open : refused).add(f.result());
    }
    assertThat(open).hasSize(3);
    assertThat(refused).hasSize(47).allSatisfy(r -> {
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    });
    var again = gw.client.get("/api/v1/queue/cap/stream").bearerTokenAuthentication(ann).send().await();
    assertThat(again.statusCode()).as("still full").isEqualTo(429);
    assertThat(again.bodyAsJsonObject().getString("detail")).contains("3 queue streams");

    open.get(0).request().connection().close().await();
    assertThat(eventually(() -> stream("/api/v1/queue/cap/stream", ann), 200))
      .as("a closed stream gives its slot back").isEqualTo(200);
    assertThat(stream("/api/v1/queue/cap/stream", gw.tokenFor(2, "USER")).await().statusCode())
      .as("another user is not limited by Ann's streams (404: not in line, so no stream)").isEqualTo(404);
  }

  @Test
  @DisplayName("beyond the JVM's cap of streams: 503 with Retry-After, whoever asks")
  void perJvmCap() {
    start(config -> config.getJsonObject("http").put("maxStreams", 2));
    admin("PUT", "/api/v1/admin/shows/full/queue", new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 600));
    for (long user = 1; user <= 3; user++) {
      enter("full", gw.tokenFor(user, "USER"));
    }
    assertThat(stream("/api/v1/queue/full/stream", gw.tokenFor(1, "USER")).await().statusCode()).isEqualTo(200);
    assertThat(stream("/api/v1/queue/full/stream", gw.tokenFor(2, "USER")).await().statusCode()).isEqualTo(200);
    HttpClientResponse third = stream("/api/v1/queue/full/stream", gw.tokenFor(3, "USER")).await();
    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(third.getHeader("Retry-After")).isEqualTo("30");
    assertThat(third.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  @DisplayName("a client gone during the stream's first call leaves nothing: the open-streams gauge is back to 0 and "
    + "its place is not kept alive")
  void goneDuringFirstCall() throws Exception {
    start(config -> { });
    // 1 s of silence loses a place (the least the settings allow); the fixture ticks every 100 ms.
    admin("PUT", "/api/v1/admin/shows/gone/queue", new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 1));
    // Carol's show has no line on the gateway yet, so her stream's first place is a call to the queue service.
    admin("PUT", "/api/v1/admin/shows/gone2/queue", new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 1));
    String bob = gw.tokenFor(41, "USER");
    String carol = gw.tokenFor(42, "USER");
    enter("gone", bob);
    enter("gone2", carol);
    // Bob streams and leaves normally, so that the show's gauge exists: 1, then 0.
    SseClient bobStream = SseClient.open(http, gw.port, "/api/v1/queue/gone/stream", bob, null).await();
    bobStream.next(e -> e.name().equals("position")).await(10, TimeUnit.SECONDS);
    assertThat(openStreams("gone")).isEqualTo(1);
    bobStream.close();
    waitFor("Bob's stream to be counted closed", () -> openStreams("gone") == 0);

    // Carol's connection closes while the queue service is answering her stream's first call (held for 300 ms).
    NetSocket carolSocket = vertx.createNetClient().connect(gw.port, "127.0.0.1").await();
    Promise<Void> carolClosed = Promise.promise();
    carolSocket.closeHandler(v -> carolClosed.tryComplete());
    AtomicLong heldCalls = new AtomicLong();
    Handler<DeliveryContext<Object>> holdCarolsFirstCall = delivery -> {
      if (delivery.message().address().equals(QueueAddresses.STATUS)
        && delivery.body() instanceof JsonObject body && body.getLong("userId") == 42) {
        heldCalls.incrementAndGet();
        carolSocket.close();
        vertx.setTimer(300, id -> delivery.next());
      } else {
        delivery.next();
      }
    };
    vertx.eventBus().addInboundInterceptor(holdCarolsFirstCall);
    carolSocket.write("GET /api/v1/queue/gone2/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
      + "Authorization: Bearer " + carol + "\r\n\r\n");
    carolClosed.future().await(10, TimeUnit.SECONDS);
    assertThat(heldCalls.get()).as("the stream's first call was under way when Carol left").isEqualTo(1);

    // Her place would be kept by a stream left behind; without one, it goes within the idle timeout and a half.
    waitFor("nobody left waiting at the show", () -> waiting("gone2") == 0);
    vertx.eventBus().removeInboundInterceptor(holdCarolsFirstCall);
    assertThat(openStreamsOrNone("gone2")).as("Carol's show's open streams").isEqualTo(0);
    assertThat(gw.client.get("/api/v1/queue/gone2").bearerTokenAuthentication(carol).send().await().statusCode())
      .as("Carol's place is gone").isEqualTo(404);
    // Her slots are all free again: she may open her full share once back in line.
    enter("gone2", carol);
    for (int i = 0; i < 3; i++) {
      assertThat(stream("/api/v1/queue/gone2/stream", carol).await().statusCode()).isEqualTo(200);
    }
  }

  /** The show's {@code ticketping_queue_streams_open} in this Vert.x's scrape. */
  private double openStreams(String show) {
    Matcher m = gauge(show);
    assertThat(m.find()).as("the gauge of show " + show).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** As {@link #openStreams}, 0 for a show whose gauge does not exist (no stream of it was ever counted). */
  private double openStreamsOrNone(String show) {
    Matcher m = gauge(show);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private Matcher gauge(String show) {
    String scrape = gw.client.get("/metrics").send().await().bodyAsString();
    return Pattern.compile("ticketping_queue_streams_open\\{show=\"" + show + "\"} (\\S+)").matcher(scrape);
  }

  private long waiting(String show) {
    var stats = gw.client.get("/api/v1/admin/shows/" + show + "/queue").bearerTokenAuthentication(admin).send().await();
    return stats.bodyAsJsonObject().getLong("waiting");
  }

  private Future<HttpClientResponse> stream(String uri, String token) {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(gw.port)
        .setURI(uri).putHeader("Authorization", "Bearer " + token).putHeader("Accept", "text/event-stream"))
      .compose(request -> request.send());
  }

  /** Opens a stream until it answers {@code status} (for up to 5 s); the last status. */
  private int eventually(java.util.function.Supplier<Future<HttpClientResponse>> open, int status) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    int last;
    do {
      last = open.get().await().statusCode();
      if (last == status) {
        return last;
      }
      Thread.sleep(50);
    } while (System.currentTimeMillis() < deadline);
    return last;
  }

  private static void waitFor(String what, java.util.function.BooleanSupplier check) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!check.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private void enter(String show, String token) {
    var r = gw.client.post("/api/v1/queue/" + show).bearerTokenAuthentication(token).send().await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  private void admin(String method, String path, JsonObject body) {
    var request = gw.client.request(HttpMethod.valueOf(method), path).bearerTokenAuthentication(admin);
    var r = (body == null ? request.send() : request.sendJsonObject(body)).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }
}
