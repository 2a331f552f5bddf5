package io.ticketping.perf.charts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Bars grouped by category (one group per run, e.g. per line length), one bar per series in each group, each bar
 * labelled with its value; the value axis starts at zero.
 */
final class GroupedBarChart extends TitledChart {

  private static final int WIDTH = 760;
  private static final int HEIGHT = 470;
  private static final double LEFT = 100;
  private static final double RIGHT = WIDTH - 40;
  private static final double TOP = 80;
  private static final double BOTTOM = HEIGHT - 120;
  private static final String INK = "#1f2937";
  private static final String GRID = "#e5e7eb";

  private final String yName;
  private final DoubleFunction<String> value;
  private final List<String[]> categories = new ArrayList<>();
  private final List<Bars> series = new ArrayList<>();

  /** One series: its name, colour and value per category (NaN where the category has none). */
  private record Bars(String name, String color, double[] values) {
  }

  GroupedBarChart(String title, String subtitle, String yName, DoubleFunction<String> value) {
    super(title, subtitle, WIDTH, HEIGHT);
    this.yName = yName;
    this.value = value;
  }

  /** A category, named by one or two lines under its group. */
  GroupedBarChart category(String... label) {
    categories.add(label);
    return this;
  }

  /** A series with a value per category, in the categories' order; one without any value is left out. */
  GroupedBarChart series(String name, String color, double... values) {
    for (double v : values) {
      if (!Double.isNaN(v)) {
        series.add(new Bars(name, color, values.clone()));
        return this;
      }
    }
    return this;
  }

  @Override
  public boolean isEmpty() {
    return series.isEmpty() || categories.isEmpty();
  }

  @Override
  public void draw(Canvas canvas) {
    double max = series.stream().flatMapToDouble(s -> Arrays.stream(s.values()))
      .filter(v -> !Double.isNaN(v)).max().orElse(1);
    double step = niceStep(max / 5);
    double top = Math.ceil(max / step) * step;
    heading(canvas, LEFT, INK, "#4b5563");
    for (double v = 0; v <= top + step / 2; v += step) {
      double at = y(v, top);
      canvas.line(LEFT, at, RIGHT, at, GRID, 1, false).text(LEFT - 8, at + 4, value.apply(v), 12, "end", INK, false);
    }
    canvas.line(LEFT, BOTTOM, RIGHT, BOTTOM, INK, 1, false).line(LEFT, TOP, LEFT, BOTTOM, INK, 1, false);
    canvas.verticalText(28, (TOP + BOTTOM) / 2, yName, 13, INK);
    double group = (RIGHT - LEFT) / categories.size();
    double bar = Math.min(90, group * 0.75 / series.size());
    for (int c = 0; c < categories.size(); c++) {
      double centre = LEFT + group * (c + 0.5);
      String[] label = categories.get(c);
      for (int line = 0; line < label.length; line++) {
        canvas.text(centre, BOTTOM + 20 + 16 * line, label[line], line == 0 ? 13 : 12, "middle", INK, line == 0);
      }
      double x = centre - bar * series.size() / 2;
      for (Bars s : series) {
        double v = s.values().length > c ? s.values()[c] : Double.NaN;
        if (!Double.isNaN(v)) {
          double at = y(v, top);
          canvas.rect(x + 2, at, bar - 4, BOTTOM - at, s.color(), s.name() + ": " + value.apply(v))
            .text(x + bar / 2, at - 6, value.apply(v), 12, "middle", INK, true);
        }
        x += bar;
      }
    }
    double legendX = LEFT;
    for (Bars s : series) {
      canvas.rect(legendX, HEIGHT - 36, 14, 14, s.color(), null)
        .text(legendX + 20, HEIGHT - 24, s.name(), 13, "start", INK, false);
      legendX += 50 + 7.5 * s.name().length();
    }
  }

  private static double y(double v, double top) {
    return BOTTOM - (BOTTOM - TOP) * v / top;
  }

  /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
  static double niceStep(double rough) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(rough, 1e-9))));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * magnitude >= rough) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }
}
