package io.ticketping.shared.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.VertxBuilder;
import io.vertx.core.json.JsonObject;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * OpenTelemetry tracing of the HTTP server, the event bus and the Redis and PostgreSQL clients, exported to Zipkin;
 * off (no tracer at all, so no cost) unless {@code tracing.zipkinEndpoint} is set. Applied where Vert.x is built:
 * {@code TracingSetup.withTracing(Vertx.builder(), config).build()}.
 */
public final class TracingSetup {

  private TracingSetup() {
  }

  /** {@code builder} with a tracer exporting to {@code tracing.zipkinEndpoint}, or unchanged when that is empty. */
  public static VertxBuilder withTracing(VertxBuilder builder, JsonObject config) {
    JsonObject tracing = config.getJsonObject("tracing", new JsonObject());
    String endpoint = tracing.getString("zipkinEndpoint", "");
    if (endpoint.isBlank()) {
      return builder;
    }
    // Spans leave in batches from the processor's own thread: the exporter's blocking HTTP calls never reach an
    // event loop, and a Zipkin outage only drops spans.
    ZipkinSpanExporter exporter = ZipkinSpanExporter.builder().setSender(URLConnectionSender.create(endpoint)).build();
    OpenTelemetrySdk sdk = sdk(tracing, BatchSpanProcessor.builder(exporter).build());
    // Flushes the spans still queued when the process stops.
    Runtime.getRuntime().addShutdownHook(new Thread(sdk::close, "tracing-flush"));
    return withTracing(builder, sdk);
  }

  /** {@code builder} with a tracer reporting to {@code openTelemetry} (the tests pass an in-memory one). */
  public static VertxBuilder withTracing(VertxBuilder builder, OpenTelemetry openTelemetry) {
    return builder.withTracer(new OpenTelemetryTracingFactory(openTelemetry));
  }

  /**
   * An SDK naming this process {@code tracing.serviceName}, keeping {@code tracing.sampleRatio} of new traces (a
   * trace begun upstream keeps the caller's choice) and propagating W3C {@code traceparent} headers.
   */
  public static OpenTelemetrySdk sdk(JsonObject tracing, SpanProcessor processor) {
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
      AttributeKey.stringKey("service.name"), tracing.getString("serviceName", "ticketping"))));
    SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
      .setResource(resource)
      .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(tracing.getDouble("sampleRatio", 1.0))))
      .addSpanProcessor(processor)
      .build();
    return OpenTelemetrySdk.builder()
      .setTracerProvider(tracerProvider)
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  }
}
