package io.ticketping.queue;

import java.util.List;

/**
 * What became of places in a show's line, told by the {@link WaitingRoom} as its scripts report it: who was admitted
 * after how long, who gave up a place, who was dropped for silence. Called on the event loop of the call that learnt
 * it; implementations must not block.
 */
interface LineOutcomes {

  /** Tells nobody. */
  LineOutcomes NONE = new LineOutcomes() {
    @Override
    public void admitted(String showId, List<Long> users, List<Long> waitMillis) {
    }

    @Override
    public void left(String showId, long userId) {
    }

    @Override
    public void timedOut(String showId, List<Long> users) {
    }
  };

  /** {@code users} were admitted, each after the wait at the same place of {@code waitMillis} (0: straight in). */
  void admitted(String showId, List<Long> users, List<Long> waitMillis);

  /** The user gave up a place in line or in the pre-queue (not a working slot: that user was admitted already). */
  void left(String showId, long userId);

  /** {@code users} lost their places for not polling (ghosts). */
  void timedOut(String showId, List<Long> users);
}
