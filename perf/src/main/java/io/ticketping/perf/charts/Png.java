package io.ticketping.perf.charts;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A chart painted with Java2D into an image, written as PNG: the same shapes as {@link Svg}, at {@value #SCALE} times
 * the size. Needs no display ({@code java.awt.headless}, set here before AWT starts), only a font.
 */
final class Png implements Canvas {

  static final int SCALE = 2;
  private static final String FAMILY = family();

  private final BufferedImage image;
  private final Graphics2D g;

  Png(int width, int height) {
    image = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.scale(SCALE, SCALE);
    // A white ground, as the SVG has.
    rect(0, 0, width, height, "#ffffff", null);
  }

  @Override
  public Png rect(double x, double y, double w, double h, String fill, String title) {
    g.setColor(color(fill));
    g.fill(new Rectangle2D.Double(x, y, w, h));
    return this;
  }

  @Override
  public Png line(double x1, double y1, double x2, double y2, String stroke, double width, boolean dashed) {
    g.setColor(color(stroke));
    g.setStroke(stroke(width, dashed ? new float[] {6, 4} : null));
    g.draw(new Line2D.Double(x1, y1, x2, y2));
    return this;
  }

  @Override
  public Png polyline(double[][] points, String stroke, double width, boolean dashed) {
    if (points.length == 0) {
      return this;
    }
    Path2D.Double path = new Path2D.Double();
    path.moveTo(points[0][0], points[0][1]);
    for (double[] p : Arrays.copyOfRange(points, 1, points.length)) {
      path.lineTo(p[0], p[1]);
    }
    g.setColor(color(stroke));
    g.setStroke(stroke(width, dashed ? new float[] {8, 5} : null));
    g.draw(path);
    return this;
  }

  @Override
  public Png circle(double x, double y, double r, String fill, String title) {
    g.setColor(color(fill));
    g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
    return this;
  }

  @Override
  public Png text(double x, double y, String text, int size, String anchor, String fill, boolean bold) {
    Font font = new Font(FAMILY, bold ? Font.BOLD : Font.PLAIN, size);
    g.setFont(font);
    g.setColor(color(fill));
    FontMetrics metrics = g.getFontMetrics();
    double width = metrics.getStringBounds(text, g).getWidth();
    double from = switch (anchor) {
      case "middle" -> x - width / 2;
      case "end" -> x - width;
      default -> x;
    };
    g.drawString(text, (float) from, (float) y);
    return this;
  }

  @Override
  public Png verticalText(double x, double y, String text, int size, String fill) {
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2, x, y);
    text(x, y, text, size, "middle", fill, false);
    g.setTransform(saved);
    return this;
  }

  byte[] bytes() throws IOException {
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static BasicStroke stroke(double width, float[] dashes) {
    return new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, dashes, 0);
  }

  private static Color color(String hex) {
    return new Color(Integer.parseInt(hex.substring(1), 16));
  }

  /** The SVG's Helvetica or Arial where installed, else its metric twin Liberation Sans, else the JDK's sans serif. */
  private static String family() {
    System.setProperty("java.awt.headless", "true");
    Set<String> installed = new HashSet<>(
      Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()));
    for (String family : new String[] {"Helvetica", "Arial", "Liberation Sans", "DejaVu Sans"}) {
      if (installed.contains(family)) {
        return family;
      }
    }
    return Font.SANS_SERIF;
  }
}
