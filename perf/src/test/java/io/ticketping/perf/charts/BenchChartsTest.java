package io.ticketping.perf.charts;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    String svg = BenchCharts.charts(List.of(LARGE, SMALL)).get(BenchCharts.READ);
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
    String svg = BenchCharts.charts(List.of(SMALL, LARGE)).get(BenchCharts.POLLS);
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
    assertThat(dir.resolve("charts").resolve(BenchCharts.POLLS)).content().contains(">1,500<", "300 waiting")
      .doesNotContain(">1,200<");
    assertThat(dir.resolve("charts").resolve(BenchCharts.READ)).doesNotExist();
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
