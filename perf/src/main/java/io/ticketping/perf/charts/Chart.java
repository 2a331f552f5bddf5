package io.ticketping.perf.charts;

import java.io.IOException;

/** A chart of a fixed size in pixels that draws itself onto a canvas, written as SVG or as PNG. */
interface Chart {

  String title();

  int width();

  int height();

  void draw(Canvas canvas);

  /** False when the chart has nothing to show (the runs lack its figures). */
  boolean isEmpty();

  default String svg() {
    Svg svg = new Svg(width(), height());
    draw(svg);
    return svg.document(title());
  }

  /** PNG bytes at {@value Png#SCALE} times the chart's size, so that text stays sharp on dense screens. */
  default byte[] png() throws IOException {
    Png png = new Png(width(), height());
    draw(png);
    return png.bytes();
  }
}
