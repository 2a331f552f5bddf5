package io.ticketping.perf.charts;

/**
 * What every chart here shares: its size, and a title with a subtitle under it at the top left. A chart that grows
 * with what it shows (a legend of more lines) overrides {@link #height()}.
 */
abstract class TitledChart implements Chart {

  private final String title;
  private final String subtitle;
  private final int width;
  private final int height;

  TitledChart(String title, String subtitle, int width, int height) {
    this.title = title;
    this.subtitle = subtitle;
    this.width = width;
    this.height = height;
  }

  @Override
  public final String title() {
    return title;
  }

  @Override
  public final int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  /** The title and the subtitle, from {@code left}. */
  final void heading(Canvas canvas, double left, String ink, String subtitleInk) {
    canvas.text(left, 32, title, 18, "start", ink, true).text(left, 54, subtitle, 13, "start", subtitleInk, false);
  }
}
