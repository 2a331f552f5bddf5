package io.ticketping.perf.charts;

import java.util.List;

/** Latency distributions as cumulative shares: the SSE lag after a tick per run, and the booking rush's holds. */
final class LatencyCharts {

  private LatencyCharts() {
  }

  static LineChart sseLag(List<Run> runs) {
    LineChart.Panel panel = new LineChart.Panel(null,
      Scale.linear("lag after the tick that moved the place", ms -> Numbers.count(ms) + " ms"),
      Scale.linear("position events at or below", LatencyCharts::percent, 100))
      .levelAt(50, "p50").levelAt(99, "p99");
    int index = 0;
    for (Run run : runs) {
      if (run.sseLag().isEmpty()) {
        continue;
      }
      Histogram lag = run.sseLag().get();
      String streams = run.positive("sse_opened").isPresent()
        ? ", " + Numbers.count(run.positive("sse_opened").getAsDouble()) + " streams" : "";
      panel.series(new Series(Numbers.count(run.lineLength().orElse(0)) + " waiting" + streams + ": "
        + percentiles(lag), Palette.color(index++), false, lag.cumulative(0)));
    }
    return new LineChart("How late position events arrive after a tick",
      "every position event of every open stream, by how long after the tick's commit it arrived", 760).panel(panel);
  }

  /** One line per booking rush (each file a race), on a log scale: the races' tails span decades. */
  static LineChart holds(List<Histogram> races, double targetP99Ms) {
    LineChart.Panel panel = new LineChart.Panel(null,
      Scale.log("response time (below 1 ms drawn at 1 ms)", ms -> Numbers.decade(ms) + " ms"),
      Scale.linear("holds answered within", LatencyCharts::percent, 100))
      .levelAt(50, "p50").levelAt(99, "p99").uprightAt(targetP99Ms, "target: p99 " + Numbers.millis(targetP99Ms));
    int index = 0;
    for (Histogram race : races) {
      if (race.total() > 0) {
        panel.series(new Series(race.name() + ": " + percentiles(race), Palette.color(index++), false,
          race.cumulative(1)));
      }
    }
    return new LineChart("Booking rush: seat holds by response time",
      "every hold request of the race, won (201) or lost to a faster buyer (409), as Gatling timed it", 760)
      .panel(panel);
  }

  private static String percentiles(Histogram h) {
    // The histograms count whole milliseconds.
    return "p50 " + Numbers.count(h.percentile(50)) + " ms, p99 " + Numbers.count(h.percentile(99)) + " ms";
  }

  private static String percent(double share) {
    return Numbers.count(share) + " %";
  }
}
