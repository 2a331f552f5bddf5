package io.ticketping.shared.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.metrics.MetricsProvider;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusRequestHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.micrometer.impl.MicrometerMetrics;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Micrometer metrics with a Prometheus registry, switched on where Vert.x is created ({@code metrics.enabled}):
 * Vert.x's own HTTP server/client, event-bus, pool, Redis and SQL meters (latencies with percentile histograms, so
 * p99 comes from {@code histogram_quantile} over all instances), JVM and CPU meters, and the domain meters of
 * {@link DomainMeters}.
 */
public final class MetricsSetup {

  /** One registry per Vert.x: two in one JVM (tests) must not close or mix each other's meters. */
  private static final AtomicInteger REGISTRIES = new AtomicInteger();
  /** Timers published with histogram buckets (HTTP server and client, and the Redis and SQL round trips). */
  private static final Set<String> HISTOGRAMS = Set.of("vertx.http.server.response.time",
    "vertx.http.client.response.time", "vertx.redis.processing.time", "vertx.sql.processing.time");
  /** Where meters go when metrics are off: a registry with no backend records nothing. */
  private static final MeterRegistry NONE = new CompositeMeterRegistry();

  private MetricsSetup() {
  }

  /** {@code options} with Micrometer metrics when {@code metrics.enabled}; unchanged otherwise. */
  public static VertxOptions withMetrics(VertxOptions options, JsonObject config) {
    if (!enabled(config)) {
      return options;
    }
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
      .setEnabled(true)
      .setRegistryName("ticketping-" + REGISTRIES.incrementAndGet())
      .setJvmMetricsEnabled(true)
      // The route template (/api/v1/queue/:showId), never the raw path: one series per route, not per show or user.
      .addLabels(Label.HTTP_ROUTE)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    // Registered under the options' name before Vert.x starts, so that Vert.x's metrics factory finds it and uses it
    // with our filters in place before its first meter exists.
    BackendRegistries.setupBackend(metrics, prometheusRegistry());
    return options.setMetricsOptions(metrics);
  }

  private static PrometheusMeterRegistry prometheusRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config()
      // vertx-web names a route by the chain of routes it passed ("/api/>/api/v1/orders"): keep the one that answered.
      .meterFilter(MeterFilter.replaceTagValues(Label.HTTP_ROUTE.toString(),
        route -> route.substring(route.lastIndexOf('>') + 1)))
      .meterFilter(new MeterFilter() {
        @Override
        public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
          // Buckets for the latencies worth a p99 across instances; byte sizes and pool timings stay summaries.
          return id.getType() == Meter.Type.TIMER && HISTOGRAMS.contains(id.getName())
            ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config)
            : config;
        }
      });
    return registry;
  }

  public static boolean enabled(JsonObject config) {
    JsonObject metrics = config.getJsonObject("metrics");
    return metrics != null && metrics.getBoolean("enabled", false);
  }

  /** The registry of {@code vertx}'s metrics, or one that records nothing when metrics are off. */
  public static MeterRegistry registry(Vertx vertx) {
    // The same look-up as Vert.x's own MetricsService: the registry lives in the Vert.x instance's metrics SPI.
    if (vertx instanceof MetricsProvider provider && provider.getMetrics() instanceof MicrometerMetrics metrics) {
      return metrics.registry();
    }
    return NONE;
  }

  /** Whether {@code vertx} records metrics, so that work done only to feed a gauge can be skipped otherwise. */
  public static boolean active(Vertx vertx) {
    return registry(vertx) != NONE;
  }

  /** {@code metrics.refreshMillis}: how often gauges that need a query of their own (outbox, consumer lag) refresh. */
  public static long refreshMillis(JsonObject config) {
    JsonObject metrics = config.getJsonObject("metrics");
    return metrics == null ? 1000 : metrics.getLong("refreshMillis", 1000L);
  }

  /** A handler answering the Prometheus text exposition of {@code vertx}'s registry; null when metrics are off. */
  public static Handler<HttpServerRequest> scrapeHandler(Vertx vertx) {
    return registry(vertx) instanceof PrometheusMeterRegistry prometheus
      ? PrometheusRequestHandler.create(prometheus) : null;
  }
}
