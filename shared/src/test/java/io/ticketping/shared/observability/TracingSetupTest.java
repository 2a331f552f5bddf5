package io.ticketping.shared.observability;

import io.ticketping.shared.config.AppConfig;
import io.ticketping.shared.testing.Waits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracing switch: no tracer by default; with an endpoint, spans reach it in Zipkin's JSON format. */
@ExtendWith(VertxExtension.class)
class TracingSetupTest {

  @Test
  @DisplayName("with the default configuration Vert.x gets no tracer at all")
  void offByDefault() throws Exception {
    Vertx vertx = TracingSetup.withTracing(Vertx.builder(), AppConfig.defaults()).build();
    try {
      assertThat(((VertxInternal) vertx).tracer()).isNull();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("with tracing.zipkinEndpoint set, the span of a request to a traced HTTP server is POSTed there as "
    + "Zipkin v2 JSON under tracing.serviceName")
  void exportsToZipkin(Vertx collectorVertx) throws Exception {
    // A stand-in for Zipkin's collector: a real HTTP server that keeps what it is sent (gzipped, as Zipkin accepts).
    List<JsonArray> posted = new CopyOnWriteArrayList<>();
    HttpServerOptions gzip = new HttpServerOptions().setDecompressionSupported(true);
    HttpServer collector = collectorVertx.createHttpServer(gzip).requestHandler(req -> {
      if (req.method() == HttpMethod.POST && req.path().equals("/api/v2/spans")) {
        req.body().onSuccess(body -> posted.add(body.toJsonArray()));
      }
      req.response().setStatusCode(202).end();
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    JsonObject config = AppConfig.defaults();
    config.getJsonObject("tracing").put("serviceName", "ticketping-test")
      .put("zipkinEndpoint", "http://127.0.0.1:" + collector.actualPort() + "/api/v2/spans");

    Vertx traced = TracingSetup.withTracing(Vertx.builder(), config).build();
    try {
      HttpServer server = traced.createHttpServer().requestHandler(req -> req.response().end("ok"))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      HttpClient client = traced.createHttpClient();
      int status = client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/traced")
        .compose(req -> req.send()).map(r -> r.statusCode()).eventually(client::close).await(10, TimeUnit.SECONDS);
      assertThat(status).isEqualTo(200);
      // Spans leave in batches (every 5 s by default).
      Waits.eventually(collectorVertx, "spans at the collector", 20_000, () -> Future.succeededFuture(!posted.isEmpty()))
        .await(30, TimeUnit.SECONDS);
    } finally {
      traced.close().await(10, TimeUnit.SECONDS);
    }
    List<JsonObject> spans = posted.stream().flatMap(JsonArray::stream).map(JsonObject.class::cast).toList();
    assertThat(spans).anySatisfy(span -> {
      assertThat(span.getString("kind")).isEqualTo("SERVER");
      assertThat(span.getJsonObject("localEndpoint").getString("serviceName")).isEqualTo("ticketping-test");
      assertThat(span.getString("traceId")).matches("[0-9a-f]{32}");
    });
  }
}
