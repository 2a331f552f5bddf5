package io.ticketping.perf.charts;

import java.util.List;

/** One named series of a chart, drawn in one colour; each point carries the label written beside it. */
record Series(String name, String color, boolean dashed, List<Point> points) {

  Series {
    points = List.copyOf(points);
  }

  record Point(double x, double y, String label) {
  }
}
