package io.ticketping.perf.charts;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** The entry burst second by second: entries answered with a place in each second, a line per run. */
final class EntryBurstChart {

  private EntryBurstChart() {
  }

  static LineChart chart(List<Run> runs) {
    LineChart.Panel panel = new LineChart.Panel(null,
      Scale.linear("seconds since the burst started", Numbers::count),
      Scale.linear("entries per second", Numbers::count));
    int index = 0;
    for (Run run : runs) {
      if (run.entrySeconds().isEmpty()) {
        continue;
      }
      String color = Palette.color(index++);
      String name = name(run);
      // A point in the middle of its second.
      panel.series(new Series(name, color, false, run.entrySeconds().stream()
        .map(s -> new Series.Point(s.second() + 0.5, s.answered(), Numbers.count(s.answered()))).toList()));
      if (run.entrySeconds().stream().anyMatch(s -> s.failed() > 0)) {
        panel.series(new Series("failed, " + name, color, true, run.entrySeconds().stream()
          .map(s -> new Series.Point(s.second() + 0.5, s.failed(), Numbers.count(s.failed()))).toList()));
      }
    }
    return new LineChart("The entry burst, second by second",
      "entries answered with a place in each second, over every gateway (the last second is only part of one)", 760)
      .panel(panel);
  }

  /** "100,000 users in 31.1 s (3,217 a second)", from the run's figures where it has them. */
  private static String name(Run run) {
    long users = run.entrySeconds().stream().mapToLong(s -> s.answered() + s.failed()).sum();
    OptionalDouble seconds = run.positive("entry_seconds");
    OptionalDouble gateways = run.positive("gateways");
    String over = gateways.isPresent() ? " over " + Numbers.count(gateways.getAsDouble()) + " gateway"
      + (gateways.getAsDouble() == 1 ? "" : "s") : "";
    if (seconds.isEmpty()) {
      return Numbers.count(users) + " users" + over;
    }
    return String.format(Locale.ROOT, "%s users%s in %.1f s (%s a second)", Numbers.count(users), over,
      seconds.getAsDouble(), Numbers.count(users / seconds.getAsDouble()));
  }
}
