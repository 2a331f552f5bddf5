package io.ticketping.gateway.queue.stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PositionPaceTest {

  @Test
  @DisplayName("the front hears every change; further back a tenth of the wait, capped; a halted line the cap")
  void gaps() {
    assertThat(PositionPace.gapMillis(1, 1L)).isZero();
    assertThat(PositionPace.gapMillis(PositionPace.FRONT, 3_600L)).isZero();
    assertThat(PositionPace.gapMillis(PositionPace.FRONT + 1, 40L)).isEqualTo(4_000);
    assertThat(PositionPace.gapMillis(50_000, 100L)).isEqualTo(10_000);
    assertThat(PositionPace.gapMillis(500_000, 3_600L)).isEqualTo(PositionPace.MAX_GAP_MS);
    assertThat(PositionPace.gapMillis(500, null)).isEqualTo(PositionPace.MAX_GAP_MS);
  }

  @Test
  @DisplayName("writes per second for 100,000 streams at 500 admitted a second stay near 10a(1 + ln(n/10a))")
  void writesPerSecond() {
    int streams = 100_000;
    int admittedPerSecond = 500;
    double writes = 0;
    for (int position = 1; position <= streams; position++) {
      long eta = position / admittedPerSecond;
      long gap = PositionPace.gapMillis(position, eta);
      writes += gap < 1000 ? 1 : 1000.0 / gap;
    }
    double bound = 10.0 * admittedPerSecond * (1 + Math.log((double) streams / (10 * admittedPerSecond)));
    assertThat(writes).isLessThan(streams / 4.0).isBetween(0.8 * bound, 1.2 * bound);
  }
}
