package io.ticketping.gateway.health;

import io.ticketping.shared.observability.MetricsSetup;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * {@code GET /metrics}: the Prometheus text exposition of this JVM's meters (the Kubernetes pod annotations and
 * {@code deploy/monitoring/prometheus.yml} scrape it). Not mounted when metrics are off, so it answers 404 then.
 */
public final class MetricsRoute {

  private MetricsRoute() {
  }

  public static void mount(Router router, Vertx vertx) {
    Handler<HttpServerRequest> scrape = MetricsSetup.scrapeHandler(vertx);
    if (scrape != null) {
      router.get("/metrics").handler(ctx -> scrape.handle(ctx.request()));
    }
  }
}
