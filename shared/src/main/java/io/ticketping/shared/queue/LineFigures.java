package io.ticketping.shared.queue;

/**
 * A show's queue figures as one read of its line found them at {@code takenAt} (epoch ms, when the read was asked
 * for): what a status answer needs besides the position. Immutable.
 */
record LineFigures(long takenAt, String state, long admittedLastMinute, long admitPerMinute, long opensAt,
                   long preQueued, long idleTimeoutSeconds, String soldOut, long waiting) {

  /** Before the first read: too old to answer from. */
  static final LineFigures NONE = new LineFigures(0, "", 0, 0, 0, 0, 0, "", 0);
}
