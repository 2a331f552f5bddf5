package io.ticketping.perf.charts;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class BenchChartsTest {

  private static final Figures SMALL = new Figures("small", Map.of("line_users", "100000", "gateways", "6",
    "whole_line_line_length", "86511", "whole_line_us_per_call", "42700", "tick_line_length", "100000",
    "tick_read_us_per_call", "180", "status_poll_per_s", "8263", "status_poll_c16_per_s", "9733"));
  private static final Figures LARGE = new Figures("large", Map.of("line_users", "1000000", "gateways", "6",
    "whole_line_line_length", "981185", "whole_line_us_per_call", "771000", "tick_line_length", "1000000",
    "tick_read_us_per_call", "123.3", "status_poll_per_s", "5441", "status_poll_c16_per_s", "n/a"));

  @Test
  @DisplayName("the read chart draws the whole-line and by-changes series at their line lengths, the former far above")
  void readChart() throws Exception {
    String svg = BenchCharts.charts(runs(LARGE, SMALL), List.of()).get(BenchCharts.READ).svg();
    Document doc = parse(svg);
    assertThat(svg).contains("whole line (former)", "by changes (current)", "42.7 ms", "771 ms", "0.18 ms", "0.12 ms",
      ">100,000<", ">1,000,000<", "people waiting in line (log scale)");
    List<Element> whole = circles(doc, "whole line (former)");
    List<Element> changes = circles(doc, "by changes (current)");
    assertThat(whole).hasSize(2);
    assertThat(changes).hasSize(2);
    // SVG's y grows downwards: a longer read sits higher; the whole line's read grows with the line, the other not.
    assertThat(cy(whole.get(0))).isLessThan(cy(changes.get(0)));
    assertThat(cy(whole.get(1))).isLessThan(cy(whole.get(0)));
    assertThat(Math.abs(cy(changes.get(1)) - cy(changes.get(0)))).isLessThan(Math.abs(cy(whole.get(1)) - cy(whole.get(0))));
  }

  @Test
  @DisplayName("the poll chart has a group per line length and a bar per figure the run has, labelled with its value")
  void pollChart() throws Exception {
    String svg = BenchCharts.charts(runs(SMALL, LARGE), List.of()).get(BenchCharts.POLLS).svg();
    Document doc = parse(svg);
    assertThat(svg).contains("100,000 waiting", "1,000,000 waiting", "6 gateways", ">8,263<", ">5,441<", ">9,733<",
      "at BENCH_CONNECTIONS (64)", "at 16 connections").doesNotContain("steady state");
    List<String> bars = new ArrayList<>();
    NodeList rects = doc.getElementsByTagName("rect");
    for (int i = 0; i < rects.getLength(); i++) {
      if (rects.item(i).getTextContent().contains(": ")) {
        bars.add(rects.item(i).getTextContent());
      }
    }
    // Group by group: the first line length's bars, then the second's, which has no figure at 16 connections.
    assertThat(bars).containsExactly("at BENCH_CONNECTIONS (64): 8,263", "at 16 connections: 9,733",
      "at BENCH_CONNECTIONS (64): 5,441");
  }

  @Test
  @DisplayName("main writes the charts of results files into the folder, and none for figures a run lacks")
  void writesFiles(@TempDir Path dir) throws Exception {
    Path results = dir.resolve("results.txt");
    Files.writeString(results, "# notes are skipped\nline_users=300\nstatus_poll_per_s=1200\nstatus_poll_per_s=1500\n");
    BenchCharts.main(new String[] {dir.resolve("charts").toString(), results.toString()});
    assertThat(dir.resolve("charts").resolve(BenchCharts.POLLS + ".svg")).content().contains(">1,500<", "300 waiting")
      .doesNotContain(">1,200<");
    assertThat(dir.resolve("charts").resolve(BenchCharts.POLLS + ".png")).isNotEmptyFile();
    assertThat(dir.resolve("charts").resolve(BenchCharts.READ + ".svg")).doesNotExist();
    assertThat(dir.resolve("charts").resolve(BenchCharts.READ + ".png")).doesNotExist();
  }

  @Test
  @DisplayName("main draws every chart from run folders and a booking rush's holds, each a PNG of its size, drawn on")
  void everyChartAsPng(@TempDir Path dir) throws Exception {
    Path small = sampleRun(dir.resolve("users-100000"), 100_000);
    Path large = sampleRun(dir.resolve("users-1000000"), 1_000_000);
    BenchCharts.main(new String[] {dir.resolve("charts").toString(), large.toString(), small.toString(), "--holds",
      sampleHolds(dir).toString()});
    Map<String, Integer> widths = Map.of(BenchCharts.READ, 760, BenchCharts.POLLS, 760, BenchCharts.SWEEP, 960,
      BenchCharts.ENTRY, 760, BenchCharts.LAG, 760, BenchCharts.HOLDS, 760);
    for (Map.Entry<String, Integer> chart : widths.entrySet()) {
      Path file = dir.resolve("charts").resolve(chart.getKey() + ".png");
      BufferedImage image = ImageIO.read(file.toFile());
      assertThat(image).as("%s is a PNG", file).isNotNull();
      assertThat(image.getWidth()).as(chart.getKey()).isEqualTo(chart.getValue() * 2);
      assertThat(image.getHeight()).as(chart.getKey()).isEqualTo(470 * 2);
      // Drawn, not blank: the first run's colour covers its lines or bars, and text is dark.
      assertThat(pixels(image, 0x4f46e5)).as("%s: pixels of the first run's colour", chart.getKey())
        .isGreaterThan(300);
      assertThat(pixels(image, 0x1f2937)).as("%s: pixels of text and axes", chart.getKey()).isGreaterThan(300);
      assertThat(dir.resolve("charts").resolve(chart.getKey() + ".svg")).content().contains("<svg");
    }
    BufferedImage lag = ImageIO.read(dir.resolve("charts").resolve(BenchCharts.LAG + ".png").toFile());
    assertThat(pixels(lag, 0xdc2626)).as("the second run's lag line").isGreaterThan(300);
  }

  @Test
  @DisplayName("the connections chart has each run's poll windows by connection count, rate and latency percentiles")
  void connectionsChart(@TempDir Path dir) throws Exception {
    Run run = Run.read(sampleRun(dir.resolve("users-100000"), 100_000));
    assertThat(PollSweepChart.settings(run)).extracting(PollSweepChart.Setting::connections)
      .containsExactly(16.0, 64.0, 256.0);
    assertThat(PollSweepChart.settings(run)).extracting(PollSweepChart.Setting::perSecond)
      .containsExactly(9733.0, 8263.0, 8100.0);
    assertThat(PollSweepChart.settings(run).get(2).p99Ms()).hasValue(2900.0);
    // A run from before the harness wrote the connection count: its main window at the default 64.
    Run older = Run.of(new Figures("older", Map.of("line_users", "300", "status_poll_per_s", "1500",
      "status_poll_p99_ms", "40")));
    assertThat(PollSweepChart.settings(older)).containsExactly(new PollSweepChart.Setting(64, 1500,
      OptionalDouble.empty(), OptionalDouble.of(40)));
    String svg = BenchCharts.charts(List.of(run), List.of()).get(BenchCharts.SWEEP).svg();
    Document doc = parse(svg);
    assertThat(svg).contains("100,000 waiting, 4 gateways", ">8,263<", ">2,900 ms<", ">115 ms<",
      "connections, over all gateways (log scale)", ">256<");
    // Rate, p99 and p50: a marked point for each of the three windows.
    assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(9);
  }

  @Test
  @DisplayName("the lag chart adds up the stream processes' histograms; the entry and hold charts name their figures")
  void distributionsAndBurst(@TempDir Path dir) throws Exception {
    Run run = Run.read(sampleRun(dir.resolve("users-100000"), 100_000));
    Histogram lag = run.sseLag().orElseThrow();
    assertThat(lag.total()).isEqualTo(100);
    assertThat(lag.percentile(50)).isEqualTo(700);
    assertThat(lag.percentile(99)).isEqualTo(3000);
    assertThat(lag.cumulative(0)).extracting(Series.Point::y).containsExactly(50.0, 80.0, 95.0, 100.0);
    Histogram holds = Histogram.read(List.of(sampleHolds(dir)), "fallback");
    Map<String, Chart> charts = BenchCharts.charts(List.of(run), List.of(holds));
    assertThat(charts.get(BenchCharts.LAG).svg())
      .contains("100,000 waiting, 99,334 streams: p50 700 ms, p99 3,000 ms");
    assertThat(charts.get(BenchCharts.ENTRY).svg())
      .contains("100,000 users over 4 gateways in 2.5 s (40,000 a second)").doesNotContain("failed");
    assertThat(charts.get(BenchCharts.HOLDS).svg())
      .contains("BookingRush 10,000 users for 1,000 seats: p50 12 ms, p99 180 ms", "target: p99 100 ms");
    // Figures alone (no folder beside them): no lag, entry or hold chart.
    assertThat(BenchCharts.charts(runs(SMALL), List.of())).doesNotContainKeys(BenchCharts.LAG, BenchCharts.ENTRY,
      BenchCharts.HOLDS);
  }

  @Test
  @DisplayName("a legend of three lines makes its chart taller by one line, and its last line is inside the picture")
  void legendOfThreeLines() throws Exception {
    List<Histogram> races = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      races.add(new Histogram("BookingRush 10,000 users for 1,000 seats, 20 s ramp, race " + i,
        new TreeMap<>(Map.of(3L * i, 100L, 40L * i, 50L))));
    }
    Chart one = LatencyCharts.holds(races.subList(0, 1), 100);
    Chart three = LatencyCharts.holds(races, 100);
    assertThat(one.height()).isEqualTo(470);
    assertThat(three.height()).isEqualTo(490);
    Document doc = parse(three.svg());
    assertThat(doc.getDocumentElement().getAttribute("height")).isEqualTo("490");
    List<Double> legendLines = new ArrayList<>();
    NodeList texts = doc.getElementsByTagName("text");
    for (int i = 0; i < texts.getLength(); i++) {
      Element text = (Element) texts.item(i);
      if (text.getTextContent().startsWith("BookingRush")) {
        legendLines.add(Double.parseDouble(text.getAttribute("y")));
      }
    }
    // One race a line: each name is longer than half the chart is wide.
    assertThat(legendLines).containsExactly(432.0, 452.0, 472.0);
    assertThat(legendLines.get(2) + 4).isLessThan(three.height());
    assertThat(ImageIO.read(new ByteArrayInputStream(three.png())).getHeight()).isEqualTo(490 * 2);
  }

  /** A run folder as the harness leaves it: figures, the burst second by second, two stream processes' lags. */
  private static Path sampleRun(Path folder, int users) throws Exception {
    Files.createDirectories(folder);
    Path results = folder.resolve("results.txt");
    Files.writeString(results, String.join("\n", "line_users=" + users, "gateways=4", "entry_users=" + users,
      "entry_seconds=2.5", "sse_opened=99334", "whole_line_line_length=" + users, "whole_line_us_per_call=42700",
      "tick_line_length=" + users, "tick_read_us_per_call=180",
      "status_poll_per_s=8263", "status_poll_connections=64", "status_poll_p50_ms=30.5", "status_poll_p99_ms=115",
      "status_poll_c16_per_s=9733", "status_poll_c16_connections=16", "status_poll_c16_p50_ms=1.6",
      "status_poll_c16_p99_ms=42", "status_poll_c256_per_s=8100", "status_poll_c256_connections=256",
      "status_poll_c256_p50_ms=120", "status_poll_c256_p99_ms=2900", ""));
    Files.writeString(folder.resolve("entry-per-second.txt"),
      "# second answered failed\n0 " + users * 3 / 10 + " 0\n1 " + users / 2 + " 0\n2 " + users / 5 + " 0\n");
    Files.writeString(folder.resolve("sse-lag-0.txt"), "700 50\n1000 30\n");
    Files.writeString(folder.resolve("sse-lag-1.txt"), "1500 15\n3000 5\n");
    return results;
  }

  private static Path sampleHolds(Path dir) throws Exception {
    Path holds = dir.resolve("hold-latency.txt");
    Files.writeString(holds, "# BookingRush 10,000 users for 1,000 seats\n3 100\n12 700\n40 150\n180 50\n");
    return holds;
  }

  private static int pixels(BufferedImage image, int rgb) {
    int count = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        count += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
      }
    }
    return count;
  }

  private static List<Run> runs(Figures... figures) {
    return Stream.of(figures).map(Run::of).toList();
  }

  private static Document parse(String svg) throws Exception {
    assertThat(svg).isNotNull();
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
      .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  /** The series' point markers, in order of line length. */
  private static List<Element> circles(Document doc, String series) {
    List<Element> found = new ArrayList<>();
    NodeList circles = doc.getElementsByTagName("circle");
    for (int i = 0; i < circles.getLength(); i++) {
      Element circle = (Element) circles.item(i);
      if (circle.getTextContent().startsWith(series + ":")) {
        found.add(circle);
      }
    }
    found.sort((a, b) -> Double.compare(Double.parseDouble(a.getAttribute("cx")),
      Double.parseDouble(b.getAttribute("cx"))));
    return found;
  }

  private static double cy(Element circle) {
    return Double.parseDouble(circle.getAttribute("cy"));
  }
}
