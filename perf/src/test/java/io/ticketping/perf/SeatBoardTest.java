package io.ticketping.perf;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class SeatBoardTest {

  @Test
  void picksOnlySeatsNotCrossedOffAndEmptyWhenNoneLeft() {
    SeatBoard board = new SeatBoard(new long[] {11, 12, 13});
    board.crossOff(11);
    board.crossOff(13);
    for (int i = 0; i < 100; i++) {
      assertThat(board.pick()).isEqualTo(OptionalLong.of(12));
    }
    board.crossOff(12);
    assertThat(board.pick()).isEmpty();
  }

  /** A free seat right after a long run of taken ones must not draw the racers of the whole run. */
  @Test
  void freeSeatsAreEquallyLikely() {
    long[] seats = new long[100];
    for (int i = 0; i < seats.length; i++) {
      seats[i] = 1000 + i;
    }
    SeatBoard board = new SeatBoard(seats);
    for (int i = 0; i < 90; i++) {
      board.crossOff(1000 + i); // seats 1090..1099 stay free; 1090 follows 90 taken seats
    }
    int[] hits = new int[10];
    int picks = 20_000;
    for (int i = 0; i < picks; i++) {
      long seat = board.pick().orElseThrow();
      assertThat(seat).isBetween(1090L, 1099L);
      hits[(int) (seat - 1090)]++;
    }
    for (int hit : hits) {
      assertThat(hit).isBetween(picks / 10 * 8 / 10, picks / 10 * 12 / 10);
    }
  }
}
