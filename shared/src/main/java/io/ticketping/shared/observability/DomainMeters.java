package io.ticketping.shared.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TicketPing's own meters ({@code ticketping_*}, names in {@link MetricNames}) in the registry of one Vert.x.
 *
 * <p>Gauges never do I/O: each reads a {@link Level} that the code which already knows the fact (the admission tick,
 * the outbox relay, a stream opening) sets. A level is shared by every verticle instance of the Vert.x that asks for
 * the same name and tags, so two gateway instances add up their open streams in one series instead of the second
 * instance's gauge being ignored by the registry.
 */
public final class DomainMeters {

  private static final Map<MeterRegistry, ConcurrentMap<String, Level>> LEVELS =
    Collections.synchronizedMap(new WeakHashMap<>());

  private final MeterRegistry registry;

  private DomainMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  public static DomainMeters of(Vertx vertx) {
    return new DomainMeters(MetricsSetup.registry(vertx));
  }

  /** A counter of events ({@code _total} in Prometheus); {@code tags} are key, value pairs. */
  public Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  /**
   * A histogram of observed amounts with fixed bucket bounds ({@code _bucket{le}}, {@code _count} and {@code _sum} in
   * Prometheus), so that quantiles come from {@code histogram_quantile} over every instance.
   */
  public DistributionSummary histogram(String name, String description, double[] bounds, String... tags) {
    return DistributionSummary.builder(name).description(description).serviceLevelObjectives(bounds).tags(tags)
      .register(registry);
  }

  /** A gauge reading the returned level (NaN until first set). */
  public Level gauge(String name, String description, String... tags) {
    return level(name, tags, level -> Gauge.builder(name, level, Level::get).description(description).tags(tags)
      .strongReference(true).register(registry));
  }

  /**
   * A counter whose running total is kept elsewhere (e.g. in Redis) and copied into the returned level, for counts
   * that several instances see whole rather than each seeing a share.
   */
  public Level total(String name, String description, String... tags) {
    return level(name, tags, level -> FunctionCounter.builder(name, level, Level::get).description(description)
      .tags(tags).register(registry));
  }

  /**
   * Stops exporting the meters of {@code name} that carry these tags (e.g. a show's, once it stopped running), so a
   * series neither lingers at its last value nor accumulates for every show ever seen. Asking for one again
   * registers it anew.
   */
  public void remove(String name, String... tags) {
    for (Meter meter : registry.find(name).tags(tags).meters()) {
      registry.remove(meter);
    }
    ConcurrentMap<String, Level> levels = LEVELS.get(registry);
    if (levels != null) {
      levels.remove(levelKey(name, tags));
    }
  }

  private static String levelKey(String name, String[] tags) {
    return name + String.join("\u0000", tags);
  }

  private Level level(String name, String[] tags, java.util.function.Consumer<Level> register) {
    ConcurrentMap<String, Level> levels = LEVELS.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
    return levels.computeIfAbsent(levelKey(name, tags), key -> {
      Level level = new Level();
      register.accept(level);
      return level;
    });
  }

  /** A value that a gauge reads: set from any thread, read by the scrape. */
  public static final class Level {
    private final AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));

    public void set(double value) {
      bits.set(Double.doubleToLongBits(value));
    }

    /** Adds {@code delta}, counting from 0 when never set. */
    public void add(double delta) {
      bits.updateAndGet(b -> {
        double current = Double.longBitsToDouble(b);
        return Double.doubleToLongBits((Double.isNaN(current) ? 0 : current) + delta);
      });
    }

    public double get() {
      return Double.longBitsToDouble(bits.get());
    }
  }
}
