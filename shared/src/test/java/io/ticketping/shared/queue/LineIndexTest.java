package io.ticketping.shared.queue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineIndexTest {

  @Test
  @DisplayName("positions count the waiters ahead; leaving, admission from the head and coming back with a new "
    + "ticket move them")
  void positions() {
    LineIndex line = new LineIndex();
    line.arrive(100, 1);
    line.arrive(200, 2);
    line.arrive(300, 3);
    line.arrive(400, 5);
    assertThat(line.positionOf(400)).isEqualTo(4);
    line.remove(2);
    assertThat(line.positionOf(200)).isZero();
    assertThat(line.positionOf(400)).isEqualTo(3);
    line.dropBelow(3);
    assertThat(line.positionOf(100)).isZero();
    assertThat(line.positionOf(300)).isEqualTo(1);
    line.arrive(200, 8);
    assertThat(line.positionOf(200)).isEqualTo(3);
    assertThat(line.size()).isEqualTo(3);
    assertThat(line.users()).isEqualTo(3);
    assertThat(line.positionOf(999)).isZero();
  }

  @Test
  @DisplayName("a user back with a new ticket before the old one's departure is read keeps the new place when it is")
  void departureReadAfterComingBack() {
    LineIndex line = new LineIndex();
    line.arrive(100, 1);
    line.arrive(200, 2);
    line.arrive(100, 4);
    line.remove(1);
    assertThat(line.positionOf(100)).isEqualTo(2);
    assertThat(line.positionOf(200)).isEqualTo(1);
    assertThat(line.users()).isEqualTo(2);
  }
}
