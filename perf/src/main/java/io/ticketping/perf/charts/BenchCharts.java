package io.ticketping.perf.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code BenchCharts <outDir> <results.txt>... [--holds <hold-latency.txt>...]}: draws the figures of harness runs
 * ({@code perf/bench}, one {@code results.txt} per line length, read with the files beside it: see {@link Run}) and of
 * booking rushes ({@code BookingRush}'s hold latency files) as charts in {@code outDir}, each as SVG and as PNG, and
 * prints the files it wrote:
 * <ul>
 *   <li>{@value #READ}: Redis time of one read of the line against the line's length, the whole-line read the gateways
 *       used to do at each tick against the read by changes they do now;</li>
 *   <li>{@value #POLLS}: status polls answered per second, end to end, per line length;</li>
 *   <li>{@value #SWEEP}: status polls per second and their latency against the number of connections;</li>
 *   <li>{@value #ENTRY}: entries answered in each second of the entry burst;</li>
 *   <li>{@value #LAG}: the share of SSE position events that arrived within each lag after their tick;</li>
 *   <li>{@value #HOLDS}: the share of a booking rush's seat holds answered within each response time.</li>
 * </ul>
 * A figure a run lacks is left out; a chart with no figure at all is not written.
 */
public final class BenchCharts {

  static final String READ = "redis-read-per-tick";
  static final String POLLS = "poll-rate";
  static final String SWEEP = "poll-connections";
  static final String ENTRY = "entry-burst";
  static final String LAG = "sse-lag";
  static final String HOLDS = "hold-latency";
  /** The booking rush's target, as perf/RESULTS.md sets it: a hold answered within 100 ms at p99. */
  static final double HOLD_TARGET_P99_MS = 100;

  private BenchCharts() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: BenchCharts <outDir> <results.txt>... [--holds <hold-latency.txt>...]");
      System.exit(2);
    }
    List<Run> runs = new ArrayList<>();
    List<Histogram> holds = new ArrayList<>();
    boolean holdFiles = false;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--holds")) {
        holdFiles = true;
      } else if (holdFiles) {
        holds.add(Histogram.read(List.of(Path.of(args[i])), Path.of(args[i]).getFileName().toString()));
      } else {
        runs.add(Run.read(Path.of(args[i])));
      }
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    for (Map.Entry<String, Chart> chart : charts(runs, holds).entrySet()) {
      Path svg = out.resolve(chart.getKey() + ".svg");
      Path png = out.resolve(chart.getKey() + ".png");
      Files.writeString(svg, chart.getValue().svg());
      Files.write(png, chart.getValue().png());
      System.out.println(svg);
      System.out.println(png);
    }
  }

  /** The charts the runs and races have figures for, by file name without its extension. */
  static Map<String, Chart> charts(List<Run> runs, List<Histogram> holds) {
    List<Run> byLength = runs.stream().filter(r -> r.lineLength().isPresent())
      .sorted(Comparator.comparingDouble(r -> r.lineLength().getAsDouble())).toList();
    List<Figures> figures = byLength.stream().map(Run::figures).toList();
    Map<String, Chart> charts = new LinkedHashMap<>();
    charts.put(READ, readChart(figures));
    charts.put(POLLS, pollChart(figures));
    charts.put(SWEEP, PollSweepChart.chart(byLength));
    charts.put(ENTRY, EntryBurstChart.chart(byLength));
    charts.put(LAG, LatencyCharts.sseLag(byLength));
    charts.put(HOLDS, LatencyCharts.holds(holds, HOLD_TARGET_P99_MS));
    charts.values().removeIf(Chart::isEmpty);
    return charts;
  }

  static LogLogChart readChart(List<Figures> runs) {
    return new LogLogChart("Redis time of one read of the line, per tick and gateway",
      "the whole-line read the gateways used to do at each tick, against the read by changes they do now",
      "people waiting in line", "Redis time per read", ms -> Numbers.decade(ms) + " ms")
      .series(new Series("whole line (former)", "#dc2626", true,
        points(runs, "whole_line_line_length", "whole_line_us_per_call")))
      .series(new Series("by changes (current)", "#4f46e5", false,
        points(runs, "tick_line_length", "tick_read_us_per_call")));
  }

  static GroupedBarChart pollChart(List<Figures> runs) {
    GroupedBarChart chart = new GroupedBarChart("Status polls answered per second",
      "end to end over every gateway, each user polling in turn, by the line's length",
      "polls per second", Numbers::count);
    List<Figures> withPolls = runs.stream().filter(r -> r.positive("status_poll_per_s").isPresent()
      || r.positive("status_poll_steady_per_s").isPresent()).toList();
    for (Figures run : withPolls) {
      OptionalDouble gateways = run.positive("gateways");
      chart.category(Numbers.count(lineLength(run).getAsDouble()) + " waiting",
        gateways.isPresent() ? Numbers.count(gateways.getAsDouble()) + " gateway"
          + (gateways.getAsDouble() == 1 ? "" : "s") : "");
    }
    return chart
      .series("at BENCH_CONNECTIONS (64)", "#4f46e5", values(withPolls, "status_poll_per_s"))
      .series("at 16 connections", "#0891b2", values(withPolls, "status_poll_c16_per_s"))
      .series("steady state (the same users again)", "#059669", values(withPolls, "status_poll_steady_per_s"));
  }

  /** One point per run that has the figure: at the line length it was measured at, in ms. */
  private static List<Series.Point> points(List<Figures> runs, String lengthKey, String microsKey) {
    List<Series.Point> points = new ArrayList<>();
    for (Figures run : runs) {
      OptionalDouble micros = run.positive(microsKey);
      OptionalDouble length = run.positive(lengthKey, "line_users");
      if (micros.isPresent() && length.isPresent()) {
        double ms = micros.getAsDouble() / 1000;
        points.add(new Series.Point(length.getAsDouble(), ms, Numbers.millis(ms)));
      }
    }
    return points;
  }

  private static double[] values(List<Figures> runs, String key) {
    return runs.stream().mapToDouble(r -> r.positive(key).orElse(Double.NaN)).toArray();
  }

  /** The number of people the run put in line. */
  private static OptionalDouble lineLength(Figures run) {
    return run.positive("line_users", "entry_users");
  }
}
