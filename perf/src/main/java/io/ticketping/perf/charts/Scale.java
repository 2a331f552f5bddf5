package io.ticketping.perf.charts;

import java.util.function.DoubleFunction;
import java.util.stream.DoubleStream;

/**
 * How an axis maps values to pixels, fitted to the values it must show: linear from zero to a round top, logarithmic
 * over whole decades, or logarithmic with a tick at each value (a handful of settings, such as connection counts).
 */
final class Scale {

  private enum Kind { LINEAR, LOG, LOG_AT_VALUES }

  private final String name;
  private final Kind kind;
  private final DoubleFunction<String> format;
  private final double top;

  private Scale(String name, Kind kind, DoubleFunction<String> format, double top) {
    this.name = name;
    this.kind = kind;
    this.format = format;
    this.top = top;
  }

  /** From zero to a round value above the largest. */
  static Scale linear(String name, DoubleFunction<String> format) {
    return new Scale(name, Kind.LINEAR, format, Double.NaN);
  }

  /** From zero to {@code top} whatever the values (a share in percent, say). */
  static Scale linear(String name, DoubleFunction<String> format, double top) {
    return new Scale(name, Kind.LINEAR, format, top);
  }

  /** Over the whole decades that hold every value. */
  static Scale log(String name, DoubleFunction<String> format) {
    return new Scale(name, Kind.LOG, format, Double.NaN);
  }

  /** Logarithmic, with a tick at each distinct value and a margin on both sides. */
  static Scale logAtValues(String name, DoubleFunction<String> format) {
    return new Scale(name, Kind.LOG_AT_VALUES, format, Double.NaN);
  }

  String name() {
    return kind == Kind.LINEAR ? name : name + " (log scale)";
  }

  String format(double value) {
    return format.apply(value);
  }

  /** The axis for these values (positive ones for a log scale), mapped onto [from, to] in pixels. */
  Axis fit(double[] values, double from, double to) {
    double[] shown = kind == Kind.LINEAR ? values : DoubleStream.of(values).filter(v -> v > 0).toArray();
    double max = DoubleStream.of(shown).max().orElse(1);
    double min = DoubleStream.of(shown).min().orElse(1);
    return switch (kind) {
      case LINEAR -> {
        double high = Double.isNaN(top) ? Math.max(max, 1e-9) : top;
        double step = GroupedBarChart.niceStep(high / 5);
        double roundTop = Double.isNaN(top) ? Math.ceil(high / step) * step : top;
        int count = (int) Math.floor(roundTop / step + 1e-9);
        double[] ticks = new double[count + 1];
        for (int i = 0; i <= count; i++) {
          ticks[i] = i * step;
        }
        yield new Axis(false, 0, roundTop, ticks, from, to);
      }
      case LOG -> {
        int low = (int) Math.floor(Math.log10(min) + 1e-9);
        int high = Math.max((int) Math.ceil(Math.log10(max) - 1e-9), low + 1);
        double[] ticks = new double[high - low + 1];
        for (int d = low; d <= high; d++) {
          ticks[d - low] = Math.pow(10, d);
        }
        yield new Axis(true, low, high, ticks, from, to);
      }
      case LOG_AT_VALUES -> {
        double[] ticks = DoubleStream.of(shown).distinct().sorted().toArray();
        double span = Math.log10(max) - Math.log10(min);
        double margin = span > 0 ? span * 0.12 : 0.5;
        yield new Axis(true, Math.log10(min) - margin, Math.log10(max) + margin,
          ticks.length == 0 ? new double[] {1} : ticks, from, to);
      }
    };
  }

  /** A fitted axis: {@code low} and {@code high} are values, or their logarithms on a log axis. */
  record Axis(boolean log, double low, double high, double[] ticks, double from, double to) {

    double position(double value) {
      double v = log ? Math.log10(value) : value;
      return from + (v - low) / (high - low) * (to - from);
    }
  }
}
