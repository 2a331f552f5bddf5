package io.ticketping.perf.charts;

import java.util.Locale;

/** How the charts write numbers: thousands grouped, and no more digits than a reader can use. */
final class Numbers {

  private Numbers() {
  }

  /** 1,000,000 */
  static String count(double value) {
    return String.format(Locale.ROOT, "%,d", Math.round(value));
  }

  /** 771 ms, 31.8 ms, 3.2 ms, 0.12 ms */
  static String millis(double ms) {
    if (ms >= 100) {
      return String.format(Locale.ROOT, "%,.0f ms", ms);
    }
    if (ms >= 1) {
      return String.format(Locale.ROOT, "%.1f ms", ms);
    }
    return String.format(Locale.ROOT, "%.2g ms", ms);
  }

  /** Decade ticks of a log axis: 0.01, 0.1, 1, 10, 100, 1,000 ... */
  static String decade(double value) {
    return value >= 1 ? count(value) : String.format(Locale.ROOT, "%s", trimmed(value));
  }

  private static String trimmed(double value) {
    String text = String.format(Locale.ROOT, "%.6f", value);
    return text.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
