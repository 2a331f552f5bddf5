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
 * {@code BenchCharts <outDir> <results.txt>...}: draws the figures of harness runs ({@code perf/bench}, one
 * {@code results.txt} per line length) as SVG charts in {@code outDir}, and prints the files it wrote:
 * <ul>
 *   <li>{@value #READ}: Redis time of one read of the line against the line's length, the whole-line read the gateways
 *       used to do at each tick against the read by changes they do now;</li>
 *   <li>{@value #POLLS}: status polls answered per second, end to end, per line length.</li>
 * </ul>
 * A figure a run lacks is left out; a chart with no figure at all is not written.
 */
public final class BenchCharts {

  static final String READ = "redis-read-per-tick.svg";
  static final String POLLS = "poll-rate.svg";

  private BenchCharts() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: BenchCharts <outDir> <results.txt>...");
      System.exit(2);
    }
    List<Figures> runs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      runs.add(Figures.read(Path.of(args[i])));
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    for (Map.Entry<String, String> chart : charts(runs).entrySet()) {
      Path file = out.resolve(chart.getKey());
      Files.writeString(file, chart.getValue());
      System.out.println(file);
    }
  }

  /** The charts the runs have figures for, by file name. */
  static Map<String, String> charts(List<Figures> runs) {
    List<Figures> byLength = runs.stream().filter(r -> lineLength(r).isPresent())
      .sorted(Comparator.comparingDouble(r -> lineLength(r).getAsDouble())).toList();
    Map<String, String> charts = new LinkedHashMap<>();
    LogLogChart read = readChart(byLength);
    if (!read.isEmpty()) {
      charts.put(READ, read.svg());
    }
    GroupedBarChart polls = pollChart(byLength);
    if (!polls.isEmpty()) {
      charts.put(POLLS, polls.svg());
    }
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
