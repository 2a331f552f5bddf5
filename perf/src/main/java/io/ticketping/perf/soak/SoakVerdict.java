package io.ticketping.perf.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code SoakVerdict <samples.csv> <warmUpSeconds> <windowSeconds> [<fraction>]}: whether each series the soak sampled
 * stays flat or grows without bound. The CSV holds {@code time_utc,elapsed_seconds,series,value} rows (perf/soak writes
 * one per series per sample). For each series, over the samples after the warm-up and within the last
 * {@code windowSeconds}, it fits a least-squares line and extrapolates its growth over an hour.
 *
 * <p>A series is {@code GROWING} when all three hold: the slope is positive; the hour's growth exceeds the allowance,
 * {@code fraction} (0.10) of the series' mean in the window or the floor of its unit, whichever is larger (a floor, so
 * that a series near zero, such as consumer lag, is not judged by a fraction of almost nothing); and the slope stands
 * out from the noise, at least {@value #MIN_T} standard errors above zero (heap used between collections is a sawtooth
 * whose fitted slope over ten samples swings widely; a steady leak fits a line). Anything else is {@code flat}.
 * Fewer than {@value #MIN_SAMPLES} samples in the window: {@code too few samples}, not judged.
 *
 * <p>Prints one line per series and exits 1 when any series is growing, 0 otherwise.
 */
public final class SoakVerdict {

  static final int MIN_SAMPLES = 4;
  static final double MIN_T = 4.0;
  static final double DEFAULT_FRACTION = 0.10;
  private static final double MIB = 1024 * 1024;

  public enum State { FLAT, GROWING, TOO_FEW_SAMPLES }

  /** One sample: seconds since the start of the run, and the value. */
  public record Point(double seconds, double value) {
  }

  /** A series' judgement: the fitted slope (per hour), the allowance it was held to, and its t-statistic. */
  public record Judgement(String series, State state, int samples, double mean, double growthPerHour,
                          double allowedPerHour, double t) {

    String line() {
      String verdict = switch (state) {
        case FLAT -> "flat";
        case GROWING -> "GROWING";
        case TOO_FEW_SAMPLES -> "too few samples";
      };
      return String.format(Locale.ROOT, "%-44s %4d %16.1f %16.1f %14.1f %7.1f  %s",
        series, samples, mean, growthPerHour, allowedPerHour, t, verdict);
    }
  }

  private SoakVerdict() {
  }

  /**
   * The smallest growth per hour a series is ever held to, by its unit (the end of its name): bytes 16 MiB, MiB 16,
   * anything counted (descriptors, keys, records of lag) 100.
   */
  static double floorPerHour(String series) {
    if (series.endsWith("_bytes")) {
      return 16 * MIB;
    }
    if (series.endsWith("_mib")) {
      return 16;
    }
    return 100;
  }

  /** Judges one series from its points in the window. */
  public static Judgement judge(String series, List<Point> points, double fraction) {
    int n = points.size();
    double meanT = points.stream().mapToDouble(Point::seconds).average().orElse(0);
    double meanV = points.stream().mapToDouble(Point::value).average().orElse(0);
    if (n < MIN_SAMPLES) {
      return new Judgement(series, State.TOO_FEW_SAMPLES, n, meanV, 0, 0, 0);
    }
    double sxx = 0;
    double sxy = 0;
    for (Point p : points) {
      sxx += (p.seconds() - meanT) * (p.seconds() - meanT);
      sxy += (p.seconds() - meanT) * (p.value() - meanV);
    }
    if (sxx == 0) {
      return new Judgement(series, State.TOO_FEW_SAMPLES, n, meanV, 0, 0, 0);
    }
    double slope = sxy / sxx;
    double residuals = 0;
    for (Point p : points) {
      double r = p.value() - (meanV + slope * (p.seconds() - meanT));
      residuals += r * r;
    }
    double standardError = Math.sqrt(residuals / (n - 2) / sxx);
    // A perfect line (no residuals) stands out from the noise by any measure.
    double t = standardError > 0 ? slope / standardError
      : slope == 0 ? 0 : Math.signum(slope) * Double.POSITIVE_INFINITY;
    double growthPerHour = slope * 3600;
    double allowed = Math.max(fraction * Math.abs(meanV), floorPerHour(series));
    boolean growing = growthPerHour > allowed && t >= MIN_T;
    return new Judgement(series, growing ? State.GROWING : State.FLAT, n, meanV, growthPerHour, allowed, t);
  }

  /**
   * Every series of the CSV lines (a header line is skipped), each judged over its samples at or after
   * {@code warmUpSeconds} and within {@code windowSeconds} of the series' last sample; sorted by name.
   */
  public static List<Judgement> judgeAll(List<String> csvLines, double warmUpSeconds, double windowSeconds,
                                         double fraction) {
    Map<String, List<Point>> series = new TreeMap<>();
    for (String line : csvLines) {
      String[] cells = line.split(",");
      if (cells.length != 4 || cells[1].equals("elapsed_seconds") || cells[3].isBlank()) {
        continue;
      }
      series.computeIfAbsent(cells[2], k -> new ArrayList<>())
        .add(new Point(Double.parseDouble(cells[1]), Double.parseDouble(cells[3])));
    }
    List<Judgement> judgements = new ArrayList<>();
    series.forEach((name, points) -> {
      double last = points.stream().mapToDouble(Point::seconds).max().orElse(0);
      List<Point> window = points.stream()
        .filter(p -> p.seconds() >= warmUpSeconds && p.seconds() >= last - windowSeconds).toList();
      judgements.add(judge(name, window, fraction));
    });
    return judgements;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: SoakVerdict <samples.csv> <warmUpSeconds> <windowSeconds> [<fraction>]");
      System.exit(2);
    }
    double fraction = args.length > 3 ? Double.parseDouble(args[3]) : DEFAULT_FRACTION;
    List<Judgement> judgements = judgeAll(Files.readAllLines(Path.of(args[0])),
      Double.parseDouble(args[1]), Double.parseDouble(args[2]), fraction);
    System.out.printf(Locale.ROOT, "%-44s %4s %16s %16s %14s %7s  %s%n",
      "series", "n", "mean", "growth/hour", "allowed/hour", "t", "verdict");
    judgements.forEach(j -> System.out.println(j.line()));
    long growing = judgements.stream().filter(j -> j.state() == State.GROWING).count();
    System.out.println(growing == 0
      ? "soak verdict: every series flat within noise"
      : "soak verdict: " + growing + " series growing without bound");
    System.exit(growing == 0 ? 0 : 1);
  }
}
