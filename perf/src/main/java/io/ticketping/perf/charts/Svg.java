package io.ticketping.perf.charts;

import java.util.Locale;

/** A small SVG document written as text: the few elements the charts draw, with their text escaped. */
final class Svg implements Canvas {

  static final String FONT = "font-family=\"Helvetica, Arial, sans-serif\"";
  private final StringBuilder body = new StringBuilder();
  private final int width;
  private final int height;

  Svg(int width, int height) {
    this.width = width;
    this.height = height;
    // A white ground: the charts stay readable on a dark page too.
    rect(0, 0, width, height, "#ffffff", null);
  }

  @Override
  public Svg rect(double x, double y, double w, double h, String fill, String title) {
    body.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"",
      x, y, w, h, fill));
    return closeWithTitle("rect", title);
  }

  @Override
  public Svg line(double x1, double y1, double x2, double y2, String stroke, double width, boolean dashed) {
    body.append(String.format(Locale.ROOT,
      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>\n",
      x1, y1, x2, y2, stroke, width, dashed ? " stroke-dasharray=\"6 4\"" : ""));
    return this;
  }

  @Override
  public Svg polyline(double[][] points, String stroke, double width, boolean dashed) {
    StringBuilder coordinates = new StringBuilder();
    for (double[] p : points) {
      coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
    }
    body.append(String.format(Locale.ROOT,
      "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>\n",
      coordinates.toString().trim(), stroke, width, dashed ? " stroke-dasharray=\"8 5\"" : ""));
    return this;
  }

  @Override
  public Svg circle(double x, double y, double r, String fill, String title) {
    body.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"", x, y, r, fill));
    return closeWithTitle("circle", title);
  }

  @Override
  public Svg text(double x, double y, String text, int size, String anchor, String fill, boolean bold) {
    body.append(String.format(Locale.ROOT,
      "<text x=\"%.1f\" y=\"%.1f\" %s font-size=\"%d\" text-anchor=\"%s\" fill=\"%s\"%s>%s</text>\n",
      x, y, FONT, size, anchor, fill, bold ? " font-weight=\"bold\"" : "", escape(text)));
    return this;
  }

  @Override
  public Svg verticalText(double x, double y, String text, int size, String fill) {
    body.append(String.format(Locale.ROOT,
      "<text x=\"%.1f\" y=\"%.1f\" %s font-size=\"%d\" text-anchor=\"middle\" fill=\"%s\" "
        + "transform=\"rotate(-90 %.1f %.1f)\">%s</text>\n", x, y, FONT, size, fill, x, y, escape(text)));
    return this;
  }

  String document(String title) {
    return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
      + "viewBox=\"0 0 %d %d\" role=\"img\">\n<title>%s</title>\n%s</svg>\n", width, height, width, height,
      escape(title), body);
  }

  private Svg closeWithTitle(String element, String title) {
    if (title == null) {
      body.append("/>\n");
    } else {
      body.append("><title>").append(escape(title)).append("</title></").append(element).append(">\n");
    }
    return this;
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
