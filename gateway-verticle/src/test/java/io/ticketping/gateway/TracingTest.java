package io.ticketping.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.ticketping.shared.bus.ServiceEndpoints;
import io.ticketping.shared.observability.RequestIdMdc;
import io.ticketping.shared.observability.TracingSetup;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.Waits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One traced request, its spans caught by an in-memory exporter: the gateway's HTTP server span, the event-bus call
 * it makes, the queue service's handling of that message and the Redis call the service makes, all one trace, each
 * the child of the one before; and the service's log line for it names that trace.
 */
class TracingTest {

  private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final ListAppender<ILoggingEvent> serviceLog = new ListAppender<>();
  private final Logger serviceLogger = (Logger) LoggerFactory.getLogger(ServiceEndpoints.class);
  private OpenTelemetrySdk sdk;
  private Vertx vertx;

  @BeforeEach
  void start() {
    sdk = TracingSetup.sdk(new JsonObject().put("serviceName", "tracing-test"), SimpleSpanProcessor.create(spans));
    vertx = TracingSetup.withTracing(Vertx.builder(), sdk).build();
    serviceLog.start();
    serviceLogger.setLevel(Level.DEBUG);
    serviceLogger.addAppender(serviceLog);
  }

  @AfterEach
  void stop() throws Exception {
    serviceLogger.detachAppender(serviceLog);
    serviceLogger.setLevel(null);
    vertx.close().await(30, TimeUnit.SECONDS);
    sdk.close();
  }

  @Test
  @DisplayName("a queue status request is one trace from the HTTP server through the event bus to the queue "
    + "service's handler and its Redis call")
  void requestIsOneTrace() throws Exception {
    GatewayFixture gw = GatewayFixture.startWithQueue(vertx, config -> { });
    spans.reset(); // drop the spans of the start-up (migrations, script loads, ticks)
    int status = gw.client.get("/api/v1/queue/show-traced").bearerTokenAuthentication(gw.tokenFor(5, "USER"))
      .send().map(r -> r.statusCode()).await(30, TimeUnit.SECONDS);
    assertThat(status).as("not in line, but the queue service answered").isEqualTo(404);
    // The server span ends as the response is written, which may be just after the client has read it.
    Waits.eventually(vertx, "the HTTP server span", 5000, () -> Future.succeededFuture(httpServerSpan().isPresent()))
      .await(10, TimeUnit.SECONDS);

    SpanData http = httpServerSpan().orElseThrow();
    List<SpanData> trace = spans.getFinishedSpanItems().stream()
      .filter(s -> s.getTraceId().equals(http.getTraceId())).toList();
    SpanData busCall = only(trace, SpanKind.CLIENT, QueueAddresses.STATUS);
    SpanData busHandler = only(trace, SpanKind.SERVER, QueueAddresses.STATUS);
    assertThat(http.getParentSpanContext().isValid()).as("the HTTP span starts the trace").isFalse();
    assertThat(busCall.getParentSpanId()).as("event-bus call inside the HTTP request").isEqualTo(http.getSpanId());
    assertThat(busHandler.getParentSpanId()).as("service side of that call").isEqualTo(busCall.getSpanId());
    assertThat(trace).as("the service's Redis call, inside its handler")
      .anySatisfy(redis -> {
        assertThat(redis.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(redis.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey).contains("db.system");
        assertThat(redis.getParentSpanId()).isEqualTo(busHandler.getSpanId());
      });
    assertThat(http.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("tracing-test");
    List<ILoggingEvent> serviceLines;
    synchronized (serviceLog) {
      serviceLines = List.copyOf(serviceLog.list);
    }
    assertThat(serviceLines).as("the queue service's log line for the call carries the trace id")
      .anySatisfy(line -> assertThat(line.getMDCPropertyMap())
        .containsEntry(RequestIdMdc.TRACE_ID, http.getTraceId()).containsKey(RequestIdMdc.REQUEST_ID));
  }

  private Optional<SpanData> httpServerSpan() {
    return spans.getFinishedSpanItems().stream()
      .filter(s -> s.getKind() == SpanKind.SERVER && "GET".equals(s.getAttributes().get(METHOD)))
      .findFirst();
  }

  private static SpanData only(List<SpanData> trace, SpanKind kind, String address) {
    List<SpanData> matching = trace.stream()
      .filter(s -> s.getKind() == kind && address.equals(s.getAttributes().get(DESTINATION))).toList();
    assertThat(matching).as("%s spans for %s in %s", kind, address, trace).hasSize(1);
    return matching.get(0);
  }
}
