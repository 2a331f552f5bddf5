package io.ticketping.perf;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The knobs of every simulation and tool, as system properties ({@code -Dusers=...}), with defaults sized for a 2-core
 * machine that also runs the system under test. The connection settings match {@code conf/application.json}.
 */
public final class PerfProps {

  private PerfProps() {
  }

  public static String string(String name, String fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  public static int integer(String name, int fallback) {
    return Integer.parseInt(string(name, Integer.toString(fallback)));
  }

  /** The gateway under test. */
  public static String baseUrl() {
    return string("baseUrl", "http://localhost:8080");
  }

  /**
   * The run command's data folder, where a dev system keeps its generated JWT secret: {@code .data} of the working
   * directory or of its parent (Maven runs perf from {@code perf/}).
   */
  public static Path dataDir() {
    String configured = System.getProperty("dataDir");
    if (configured != null) {
      return Path.of(configured);
    }
    Path here = Path.of(".data");
    return Files.isDirectory(here) ? here : Path.of("..", ".data");
  }
}
