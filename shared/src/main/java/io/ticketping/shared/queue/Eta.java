package io.ticketping.shared.queue;

/**
 * Estimated wait: position ÷ admissions per second, measured over the last minute. With no admission in that minute
 * (just opened, or everyone admitted earlier left) the configured rate stands in; with neither there is no estimate.
 */
public final class Eta {

  private Eta() {
  }

  /** Seconds until {@code position} is admitted, or {@code null} when unknown. */
  public static Long seconds(long position, long admittedLastMinute, long admitPerMinute) {
    long perMinute = admittedLastMinute > 0 ? admittedLastMinute : admitPerMinute;
    if (perMinute <= 0) {
      return null;
    }
    // Rounded up: "about 0 s" while still waiting would be wrong.
    return (position * 60 + perMinute - 1) / perMinute;
  }
}
