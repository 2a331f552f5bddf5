package io.ticketping.perf.charts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lines on x-y axes, in one or more panels side by side under one title and one legend: a series per run (its points
 * marked and labelled when there are few), and dashed reference lines (a target, a percentile).
 */
final class LineChart extends TitledChart {

  /** The height with up to two legend lines; each line more adds {@link #LEGEND_LINE}. */
  private static final int HEIGHT = 470;
  private static final int LEGEND_LINE = 20;
  private static final int LEGEND_LINES_ROOM = 2;
  private static final double LEFT = 100;
  private static final double GAP = 100;
  private static final double LEGEND_LEFT = 30;
  private static final double TOP = 96;
  private static final double BOTTOM = HEIGHT - 112;
  private static final String INK = "#1f2937";
  private static final String MUTED = "#4b5563";
  private static final String GRID = "#e5e7eb";

  private final List<Panel> panels = new ArrayList<>();

  LineChart(String title, String subtitle, int width) {
    super(title, subtitle, width, HEIGHT);
  }

  LineChart panel(Panel panel) {
    panels.add(panel);
    return this;
  }

  @Override
  public int height() {
    List<LegendEntry> legend = legend();
    int lines = legend.isEmpty() ? 0 : legend.get(legend.size() - 1).line() + 1;
    return HEIGHT + LEGEND_LINE * Math.max(0, lines - LEGEND_LINES_ROOM);
  }

  /** Empty when no panel has a series. */
  @Override
  public boolean isEmpty() {
    return panels.stream().allMatch(p -> p.series.isEmpty());
  }

  @Override
  public void draw(Canvas canvas) {
    heading(canvas, LEFT, INK, MUTED);
    List<Panel> shown = shown();
    double panelWidth = (width() - 30 - LEFT - GAP * (shown.size() - 1)) / shown.size();
    for (int i = 0; i < shown.size(); i++) {
      double left = LEFT + i * (panelWidth + GAP);
      shown.get(i).draw(canvas, left, left + panelWidth);
    }
    for (LegendEntry entry : legend()) {
      Series s = entry.series();
      double x = entry.x();
      double y = HEIGHT - 38 + LEGEND_LINE * entry.line();
      canvas.line(x, y - 4, x + 28, y - 4, s.color(), 3, s.dashed()).text(x + 36, y, s.name(), 12, "start", INK, false);
    }
  }

  private List<Panel> shown() {
    return panels.stream().filter(p -> !p.series.isEmpty()).toList();
  }

  /** A series in the legend: where its line starts and on which legend line (from 0). */
  private record LegendEntry(Series series, double x, int line) {
  }

  /**
   * The legend from the left edge, a line as long as the chart is wide (names of runs can be long), a series named
   * alike in several panels once.
   */
  private List<LegendEntry> legend() {
    Map<String, Series> named = new LinkedHashMap<>();
    shown().forEach(p -> p.series.forEach(s -> named.putIfAbsent(s.name(), s)));
    List<LegendEntry> entries = new ArrayList<>();
    double x = LEGEND_LEFT;
    int line = 0;
    for (Series s : named.values()) {
      double room = 48 + 6.6 * s.name().length();
      if (x > LEGEND_LEFT && x + room > width() - 10) {
        x = LEGEND_LEFT;
        line++;
      }
      entries.add(new LegendEntry(s, x, line));
      x += room;
    }
    return entries;
  }

  /** One pair of axes: its series, reference lines, and whether each point is marked and labelled. */
  static final class Panel {

    private final String heading;
    private final Scale x;
    private final Scale y;
    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private boolean marked;

    /** A line across the panel at {@code at}: upright at an x value, or level at a y value. */
    private record Reference(boolean upright, double at, String label) {
    }

    Panel(String heading, Scale x, Scale y) {
      this.heading = heading;
      this.x = x;
      this.y = y;
    }

    /** Adds the series if it has a point. */
    Panel series(Series s) {
      if (!s.points().isEmpty()) {
        series.add(s);
      }
      return this;
    }

    /** Each point gets a dot and its label: for series of a few points. */
    Panel marked() {
      marked = true;
      return this;
    }

    Panel uprightAt(double xValue, String label) {
      references.add(new Reference(true, xValue, label));
      return this;
    }

    Panel levelAt(double yValue, String label) {
      references.add(new Reference(false, yValue, label));
      return this;
    }

    private void draw(Canvas canvas, double left, double right) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      series.forEach(s -> s.points().forEach(p -> {
        xs.add(p.x());
        ys.add(p.y());
      }));
      references.forEach(r -> (r.upright() ? xs : ys).add(r.at()));
      Scale.Axis h = x.fit(xs.stream().mapToDouble(Double::doubleValue).toArray(), left, right);
      Scale.Axis v = y.fit(ys.stream().mapToDouble(Double::doubleValue).toArray(), BOTTOM, TOP);
      if (heading != null) {
        canvas.text(left, TOP - 14, heading, 13, "start", INK, true);
      }
      for (double tick : h.ticks()) {
        double at = h.position(tick);
        canvas.line(at, TOP, at, BOTTOM, GRID, 1, false)
          .text(at, BOTTOM + 18, x.format(tick), 12, "middle", INK, false);
      }
      for (double tick : v.ticks()) {
        double at = v.position(tick);
        canvas.line(left, at, right, at, GRID, 1, false).text(left - 8, at + 4, y.format(tick), 12, "end", INK, false);
      }
      canvas.line(left, BOTTOM, right, BOTTOM, INK, 1, false).line(left, TOP, left, BOTTOM, INK, 1, false);
      canvas.text((left + right) / 2, BOTTOM + 40, x.name(), 13, "middle", INK, false);
      canvas.verticalText(left - 72, (TOP + BOTTOM) / 2, y.name(), 13, INK);
      for (Reference r : references) {
        if (r.upright()) {
          double at = h.position(r.at());
          canvas.line(at, TOP, at, BOTTOM, MUTED, 1, true).text(at + 4, TOP + 12, r.label(), 11, "start", MUTED, false);
        } else {
          double at = v.position(r.at());
          canvas.line(left, at, right, at, MUTED, 1, true).text(right - 4, at - 4, r.label(), 11, "end", MUTED, false);
        }
      }
      for (Series s : series) {
        List<Series.Point> points = s.points().stream().sorted(Comparator.comparingDouble(Series.Point::x)).toList();
        double[][] at = points.stream().map(p -> new double[] {h.position(p.x()), v.position(p.y())})
          .toArray(double[][]::new);
        if (at.length > 1) {
          canvas.polyline(at, s.color(), 2.5, s.dashed());
        }
        if (marked || at.length == 1) {
          for (int i = 0; i < at.length; i++) {
            canvas.circle(at[i][0], at[i][1], 4.5, s.color(), s.name() + ": " + points.get(i).label());
            // Above the point, on the panel's side of it: labels at the right edge stay inside the picture.
            boolean rightHalf = at[i][0] > (left + right) / 2;
            canvas.text(at[i][0] + (rightHalf ? -7 : 7), at[i][1] - 8, points.get(i).label(), 12,
              rightHalf ? "end" : "start", s.color(), true);
          }
        }
      }
    }
  }
}
