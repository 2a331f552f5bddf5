package io.ticketping.perf;

import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The seat map as the load generator's users see it: every seat starts free, and a seat is crossed off once a hold of
 * it came back (won or lost). Users pick uniformly at random among the seats not crossed off, like people looking at a
 * live map that lags behind the races in flight, so conflicts (409) still happen while nobody keeps trying seats long
 * gone. Uniformly matters: taking the next free seat after a random start sends every racer who lands in a run of
 * taken seats to the one seat after it, a collision hot spot that a real map does not have.
 */
public final class SeatBoard {

  /** Random draws before falling back to a scan; enough while at least a tenth of the seats is free. */
  private static final int DRAWS = 32;

  private final long[] seatIds;
  private final AtomicIntegerArray taken;

  public SeatBoard(long[] seatIds) {
    this.seatIds = seatIds.clone();
    this.taken = new AtomicIntegerArray(seatIds.length);
  }

  /** A seat not yet crossed off, each with the same chance; empty when every seat is gone. */
  public OptionalLong pick() {
    int size = seatIds.length;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int draw = 0; draw < DRAWS && size > 0; draw++) {
      int index = random.nextInt(size);
      if (taken.get(index) == 0) {
        return OptionalLong.of(seatIds[index]);
      }
    }
    int[] free = new int[size];
    int count = 0;
    for (int i = 0; i < size; i++) {
      if (taken.get(i) == 0) {
        free[count++] = i;
      }
    }
    return count == 0 ? OptionalLong.empty() : OptionalLong.of(seatIds[free[random.nextInt(count)]]);
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
