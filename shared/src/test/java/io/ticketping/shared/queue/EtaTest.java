package io.ticketping.shared.queue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EtaTest {

  @Test
  @DisplayName("the wait is the position over admissions per second of the last minute, rounded up")
  void measuredRate() {
    assertThat(Eta.seconds(10, 600, 120)).isEqualTo(1);
    assertThat(Eta.seconds(7, 60, 0)).isEqualTo(7);
    assertThat(Eta.seconds(1, 7, 0)).isEqualTo(9);
  }

  @Test
  @DisplayName("with no admission in the last minute the configured rate stands in, and without one there is no ETA")
  void fallbacks() {
    assertThat(Eta.seconds(10, 0, 120)).isEqualTo(5);
    assertThat(Eta.seconds(10, 0, 0)).isNull();
  }
}
