package io.ticketping.perf.charts;

/**
 * What the charts draw with, in pixels from the top left: the few shapes they use, each written the same way as SVG
 * ({@link Svg}) or painted into a PNG ({@link Png}). Colours are {@code #rrggbb}.
 */
interface Canvas {

  /** A filled rectangle; {@code title} (may be null) is its tooltip where the format has one. */
  Canvas rect(double x, double y, double w, double h, String fill, String title);

  Canvas line(double x1, double y1, double x2, double y2, String stroke, double width, boolean dashed);

  Canvas polyline(double[][] points, String stroke, double width, boolean dashed);

  Canvas circle(double x, double y, double r, String fill, String title);

  /** Text with its baseline at y; {@code anchor} is start, middle or end. */
  Canvas text(double x, double y, String text, int size, String anchor, String fill, boolean bold);

  /** Text turned a quarter left, centred on (x, y): a vertical axis's name. */
  Canvas verticalText(double x, double y, String text, int size, String fill);
}
