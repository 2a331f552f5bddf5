package io.ticketping.shared.observability;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsSetupTest {

  private static JsonObject config(boolean enabled) {
    return new JsonObject().put("metrics", new JsonObject().put("enabled", enabled).put("refreshMillis", 1000));
  }

  @Test
  @DisplayName("with metrics.enabled false Vert.x records nothing, /metrics has no handler and meters are no-ops")
  void disabled() {
    Vertx vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), config(false)));
    try {
      assertThat(MetricsSetup.active(vertx)).isFalse();
      assertThat(MetricsSetup.scrapeHandler(vertx)).isNull();
      DomainMeters.of(vertx).counter("ticketping.test.nothing", "test").increment();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("each Vert.x gets its own Prometheus registry: a level is shared within one, and closing one Vert.x "
    + "leaves the other's meters working")
  void registryPerVertx() {
    Vertx first = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), config(true)));
    Vertx second = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), config(true)));
    try {
      assertThat(MetricsSetup.registry(first)).isInstanceOf(PrometheusMeterRegistry.class)
        .isNotSameAs(MetricsSetup.registry(second));
      DomainMeters.of(first).gauge("ticketping.test.open", "test", "show", "1").add(1);
      DomainMeters.of(first).gauge("ticketping.test.open", "test", "show", "1").add(1);
      first.close().await();
      DomainMeters.of(second).counter("ticketping.test.sold", "test", "show", "1").increment(3);
      String scrape = ((PrometheusMeterRegistry) MetricsSetup.registry(second)).scrape();
      assertThat(scrape).contains("ticketping_test_sold_total{show=\"1\"} 3.0").doesNotContain("ticketping_test_open");
    } finally {
      second.close().await();
    }
  }

  @Test
  @DisplayName("a level shared by two callers adds up, and reads NaN until first set")
  void levels() {
    Vertx vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), config(true)));
    try {
      DomainMeters.Level fresh = DomainMeters.of(vertx).gauge("ticketping.test.eta", "test");
      assertThat(fresh.get()).isNaN();
      DomainMeters.of(vertx).gauge("ticketping.test.streams", "test", "show", "7").add(2);
      DomainMeters.of(vertx).gauge("ticketping.test.streams", "test", "show", "7").add(-1);
      String scrape = ((PrometheusMeterRegistry) MetricsSetup.registry(vertx)).scrape();
      assertThat(scrape).contains("ticketping_test_streams{show=\"7\"} 1.0");
    } finally {
      vertx.close().await();
    }
  }
}
