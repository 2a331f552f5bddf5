package io.ticketping.gateway.health;

import io.ticketping.shared.observability.MetricsSetup;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code GET /metrics}: the Prometheus text exposition of this JVM's meters (the Kubernetes pod annotations and
 * {@code deploy/monitoring/prometheus.yml} scrape it). Not mounted when metrics are off, so it answers 404 then.
 * With {@code metrics.port} set, it is served on that port alone (an internal port no public Service exposes), never
 * on the API or health port.
 */
public final class MetricsRoute {

  private MetricsRoute() {
  }

  /** Mounts {@code /metrics} on the API or health router, unless {@code metrics.port} gives it a port of its own. */
  public static void mount(Router router, Vertx vertx, JsonObject config) {
    if (ownPort(config) == 0) {
      serve(router, vertx);
    }
  }

  /** Mounts {@code /metrics} on the router of the metrics port. */
  public static void serve(Router router, Vertx vertx) {
    Handler<HttpServerRequest> scrape = MetricsSetup.scrapeHandler(vertx);
    if (scrape != null) {
      router.get("/metrics").handler(ctx -> scrape.handle(ctx.request()));
    }
  }

  /** {@code metrics.port}: the port serving {@code /metrics} alone, or 0 when it shares the API or health port. */
  public static int ownPort(JsonObject config) {
    return config.getJsonObject("metrics").getInteger("port", 0);
  }
}
