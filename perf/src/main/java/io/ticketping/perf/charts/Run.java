package io.ticketping.perf.charts;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One harness run as the charts read it: its figures ({@code results.txt}) and, when the run's folder has them, the
 * SSE lag histograms of its stream processes ({@code sse-lag-*.txt}) and the entries answered in each second of its
 * burst ({@code entry-per-second.txt}: {@code <second> <answered> <failed>} a line).
 */
record Run(Figures figures, Optional<Histogram> sseLag, List<EntrySecond> entrySeconds) {

  static final String ENTRY_SECONDS = "entry-per-second.txt";
  static final String SSE_LAG_GLOB = "sse-lag*.txt";

  /** Entries answered with their place, and entries that failed, in one second of the burst counted from 0. */
  record EntrySecond(int second, long answered, long failed) {
  }

  Run {
    entrySeconds = List.copyOf(entrySeconds);
  }

  /** A run of figures alone. */
  static Run of(Figures figures) {
    return new Run(figures, Optional.empty(), List.of());
  }

  static Run read(Path results) throws IOException {
    Path folder = results.toAbsolutePath().getParent();
    List<Path> lagFiles = new ArrayList<>();
    try (DirectoryStream<Path> found = Files.newDirectoryStream(folder, SSE_LAG_GLOB)) {
      found.forEach(lagFiles::add);
    }
    lagFiles.sort(null);
    Optional<Histogram> lag = Optional.empty();
    if (!lagFiles.isEmpty()) {
      Histogram read = Histogram.read(lagFiles, "SSE lag after a tick");
      lag = read.total() > 0 ? Optional.of(read) : Optional.empty();
    }
    List<EntrySecond> seconds = new ArrayList<>();
    Path entryFile = folder.resolve(ENTRY_SECONDS);
    if (Files.exists(entryFile)) {
      for (String line : Files.readAllLines(entryFile)) {
        String[] fields = line.trim().split("\\s+");
        if (!line.startsWith("#") && fields.length >= 2) {
          seconds.add(new EntrySecond(Integer.parseInt(fields[0]), Long.parseLong(fields[1]),
            fields.length > 2 ? Long.parseLong(fields[2]) : 0));
        }
      }
    }
    return new Run(Figures.read(results), lag, seconds);
  }

  OptionalDouble positive(String key) {
    return figures.positive(key);
  }

  /** The number of people the run put in line. */
  OptionalDouble lineLength() {
    return figures.positive("line_users", "entry_users");
  }

  Map<String, String> values() {
    return figures.values();
  }
}
