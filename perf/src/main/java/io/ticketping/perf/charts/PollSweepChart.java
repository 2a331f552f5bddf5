package io.ticketping.perf.charts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Status polls against the number of connections: polls answered per second in one panel, the latency's p99 and p50
 * (the worst gateway's, as wrk reports each gateway's own) in the other, a line per run.
 */
final class PollSweepChart {

  /** The harness's default BENCH_CONNECTIONS, for runs from before it wrote {@code status_poll_connections}. */
  private static final double DEFAULT_CONNECTIONS = 64;
  private static final Pattern SWEPT = Pattern.compile("status_poll_c(\\d+)_per_s");

  private PollSweepChart() {
  }

  /** One connection count of a run: the rate, and the latency percentiles where the run has them. */
  record Setting(double connections, double perSecond, OptionalDouble p50Ms, OptionalDouble p99Ms) {
  }

  static LineChart chart(List<Run> runs) {
    Scale connections = Scale.logAtValues("connections, over all gateways", Numbers::count);
    LineChart.Panel rate = new LineChart.Panel("polls answered per second", connections,
      Scale.linear("polls per second", Numbers::count)).marked();
    LineChart.Panel latency = new LineChart.Panel("latency: p99 (solid) and p50 (dashed)", connections,
      Scale.log("latency", ms -> Numbers.decade(ms) + " ms")).marked();
    int index = 0;
    for (Run run : runs) {
      List<Setting> settings = settings(run);
      if (settings.isEmpty()) {
        continue;
      }
      String name = Numbers.count(run.lineLength().orElse(0)) + " waiting" + gateways(run);
      String color = Palette.color(index++);
      rate.series(new Series(name, color, false, settings.stream()
        .map(s -> new Series.Point(s.connections(), s.perSecond(), Numbers.count(s.perSecond()))).toList()));
      latency.series(new Series(name, color, false, settings.stream().filter(s -> s.p99Ms().isPresent())
        .map(s -> new Series.Point(s.connections(), s.p99Ms().getAsDouble(), Numbers.millis(s.p99Ms().getAsDouble())))
        .toList()));
      latency.series(new Series(name, color, true, settings.stream().filter(s -> s.p50Ms().isPresent())
        .map(s -> new Series.Point(s.connections(), s.p50Ms().getAsDouble(), Numbers.millis(s.p50Ms().getAsDouble())))
        .toList()));
    }
    return new LineChart("Status polls against connections",
      "end to end over every gateway, each user polling in turn; latency of the worst gateway", 960)
      .panel(rate).panel(latency);
  }

  /** The run's poll windows by connection count: the one at BENCH_CONNECTIONS and each {@code status_poll_c<N>}. */
  static List<Setting> settings(Run run) {
    Map<Double, Setting> byConnections = new TreeMap<>();
    for (String key : run.values().keySet()) {
      Matcher swept = SWEPT.matcher(key);
      if (swept.matches()) {
        setting(run, "status_poll_c" + swept.group(1), Double.parseDouble(swept.group(1)))
          .ifPresent(s -> byConnections.put(s.connections(), s));
      }
    }
    setting(run, "status_poll", DEFAULT_CONNECTIONS)
      .ifPresent(s -> byConnections.put(s.connections(), s));
    List<Setting> settings = new ArrayList<>(byConnections.values());
    settings.sort(Comparator.comparingDouble(Setting::connections));
    return settings;
  }

  /** The window of {@code prefix}; at the connections the run counted, else at {@code nominal}. */
  private static Optional<Setting> setting(Run run, String prefix, double nominal) {
    OptionalDouble rate = run.positive(prefix + "_per_s");
    double connections = run.positive(prefix + "_connections").orElse(nominal);
    return rate.isPresent()
      ? Optional.of(new Setting(connections, rate.getAsDouble(), run.positive(prefix + "_p50_ms"),
        run.positive(prefix + "_p99_ms")))
      : Optional.empty();
  }

  private static String gateways(Run run) {
    OptionalDouble gateways = run.positive("gateways");
    if (gateways.isEmpty()) {
      return "";
    }
    return ", " + Numbers.count(gateways.getAsDouble()) + " gateway" + (gateways.getAsDouble() == 1 ? "" : "s");
  }
}
