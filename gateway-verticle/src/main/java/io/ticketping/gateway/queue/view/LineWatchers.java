package io.ticketping.gateway.queue.view;

import io.ticketping.shared.queue.LineView;

/** Whoever follows the lines of shows on this instance besides its polls (the position streams). */
public interface LineWatchers {

  /** Whether the show is followed here, so that its line must be read at its ticks. */
  boolean watches(String showId);

  /** A fresh read of the show's line, shared by every instance of this Vert.x: read it, never change it. */
  void onLine(String showId, LineView line);
}
