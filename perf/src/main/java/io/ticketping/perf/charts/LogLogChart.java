package io.ticketping.perf.charts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A line chart on logarithmic axes, one line per series, each point marked and labelled: for figures that span
 * decades, such as a read whose time grows with the line's length against one that does not.
 */
final class LogLogChart extends TitledChart {

  private static final int WIDTH = 760;
  private static final int HEIGHT = 470;
  private static final double LEFT = 100;
  private static final double RIGHT = WIDTH - 40;
  private static final double TOP = 80;
  private static final double BOTTOM = HEIGHT - 110;
  private static final String INK = "#1f2937";
  private static final String GRID = "#e5e7eb";

  private final String xName;
  private final String yName;
  private final DoubleFunction<String> yTick;
  private final List<Series> series = new ArrayList<>();

  LogLogChart(String title, String subtitle, String xName, String yName, DoubleFunction<String> yTick) {
    super(title, subtitle, WIDTH, HEIGHT);
    this.xName = xName;
    this.yName = yName;
    this.yTick = yTick;
  }

  /** Adds the series if it has a point; a series without one is left out of the chart and its legend. */
  LogLogChart series(Series s) {
    if (!s.points().isEmpty()) {
      series.add(s);
    }
    return this;
  }

  @Override
  public boolean isEmpty() {
    return series.isEmpty();
  }

  @Override
  public void draw(Canvas canvas) {
    Axis x = Axis.of(series.stream().flatMap(s -> s.points().stream()).mapToDouble(Series.Point::x).toArray(),
      LEFT, RIGHT, false);
    Axis y = Axis.of(series.stream().flatMap(s -> s.points().stream()).mapToDouble(Series.Point::y).toArray(),
      BOTTOM, TOP, true);
    heading(canvas, LEFT, INK, "#4b5563");
    for (int d = x.lowDecade; d <= x.highDecade; d++) {
      double at = x.position(Math.pow(10, d));
      canvas.line(at, TOP, at, BOTTOM, GRID, 1, false).text(at, BOTTOM + 20, Numbers.decade(Math.pow(10, d)), 12,
        "middle", INK, false);
    }
    for (int d = y.lowDecade; d <= y.highDecade; d++) {
      double at = y.position(Math.pow(10, d));
      canvas.line(LEFT, at, RIGHT, at, GRID, 1, false).text(LEFT - 8, at + 4, yTick.apply(Math.pow(10, d)), 12, "end",
        INK, false);
    }
    canvas.line(LEFT, BOTTOM, RIGHT, BOTTOM, INK, 1, false).line(LEFT, TOP, LEFT, BOTTOM, INK, 1, false);
    canvas.text((LEFT + RIGHT) / 2, BOTTOM + 44, xName + " (log scale)", 13, "middle", INK, false);
    canvas.verticalText(28, (TOP + BOTTOM) / 2, yName + " (log scale)", 13, INK);
    for (Series s : series) {
      List<Series.Point> points = s.points().stream().sorted(Comparator.comparingDouble(Series.Point::x)).toList();
      double[][] at = points.stream().map(p -> new double[] {x.position(p.x()), y.position(p.y())})
        .toArray(double[][]::new);
      if (at.length > 1) {
        canvas.polyline(at, s.color(), 2.5, s.dashed());
      }
      for (int i = 0; i < at.length; i++) {
        Series.Point p = points.get(i);
        canvas.circle(at[i][0], at[i][1], 5, s.color(), s.name() + ": " + p.label() + " at " + Numbers.count(p.x()));
        // Beside the point, away from its line: below right in the left half, above left in the right half.
        boolean rightHalf = at[i][0] > (LEFT + RIGHT) / 2;
        canvas.text(at[i][0] + (rightHalf ? -8 : 8), at[i][1] + (rightHalf ? -10 : 20), p.label(), 12,
          rightHalf ? "end" : "start", s.color(), true);
      }
    }
    double legendX = LEFT;
    for (Series s : series) {
      canvas.line(legendX, HEIGHT - 26, legendX + 30, HEIGHT - 26, s.color(), 3, s.dashed())
        .text(legendX + 38, HEIGHT - 22, s.name(), 13, "start", INK, false);
      legendX += 60 + 7.5 * s.name().length();
    }
  }

  /** A logarithmic axis over whole decades that hold every value, mapped onto [from, to] in pixels. */
  private record Axis(int lowDecade, int highDecade, double from, double to) {

    static Axis of(double[] values, double from, double to, boolean room) {
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (double v : values) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      // With room: a lowest value close above a decade's line gets the decade below too, so that its point and label
      // stay clear of the axis.
      int low = (int) Math.floor(Math.log10(min) + (room ? -0.3 : 1e-9));
      int high = (int) Math.ceil(Math.log10(max) - 1e-9);
      return new Axis(low, Math.max(high, low + 1), from, to);
    }

    double position(double value) {
      double share = (Math.log10(value) - lowDecade) / (highDecade - lowDecade);
      return from + share * (to - from);
    }
  }
}
