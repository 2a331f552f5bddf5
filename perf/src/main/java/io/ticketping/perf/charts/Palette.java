package io.ticketping.perf.charts;

/** The colours of a chart's runs, in order: distinct, and readable on white. */
final class Palette {

  private static final String[] COLORS = {"#4f46e5", "#dc2626", "#059669", "#d97706", "#0891b2", "#7c3aed"};

  private Palette() {
  }

  static String color(int index) {
    return COLORS[index % COLORS.length];
  }
}
