package io.ticketping.perf;

import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The seat map as the load generator's users see it: every seat starts free, and a seat is crossed off once a hold of
 * it came back (won or lost). Users pick at random among the seats not crossed off, like people looking at a live map
 * that lags behind the races in flight, so conflicts (409) still happen while nobody keeps trying seats long gone.
 */
public final class SeatBoard {

  private final long[] seatIds;
  private final AtomicIntegerArray taken;

  public SeatBoard(long[] seatIds) {
    this.seatIds = seatIds.clone();
    this.taken = new AtomicIntegerArray(seatIds.length);
  }

  /** A seat not yet crossed off, at random; empty when every seat is gone. */
  public OptionalLong pick() {
    int size = seatIds.length;
    if (size == 0) {
      return OptionalLong.empty();
    }
    int start = ThreadLocalRandom.current().nextInt(size);
    for (int i = 0; i < size; i++) {
      int index = (start + i) % size;
      if (taken.get(index) == 0) {
        return OptionalLong.of(seatIds[index]);
      }
    }
    return OptionalLong.empty();
  }

  public void crossOff(long seatId) {
    for (int i = 0; i < seatIds.length; i++) {
      if (seatIds[i] == seatId) {
        taken.set(i, 1);
        return;
      }
    }
  }
}
