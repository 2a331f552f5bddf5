package io.ticketping.shared.queue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UserTicketsTest {

  @Test
  @DisplayName("puts and removals agree with a hash map, through growth and shrinking")
  void agreesWithAHashMap() {
    Random random = new Random(11);
    UserTickets tickets = new UserTickets();
    Map<Long, Long> model = new HashMap<>();
    long ticket = 0;
    for (int round = 0; round < 40; round++) {
      boolean growing = round % 10 < 6;
      for (int i = 0; i < 5_000; i++) {
        long user = 1 + random.nextInt(30_000);
        if (growing || random.nextInt(4) == 0) {
          tickets.put(user, ++ticket);
          model.put(user, ticket);
        } else {
          Long held = model.get(user);
          tickets.remove(user, held == null ? 1 : held);
          if (held != null) {
            model.remove(user);
          }
        }
      }
      assertThat(tickets.size()).isEqualTo(model.size());
      for (long user = 1; user <= 30_000; user++) {
        assertThat(tickets.get(user)).as("user %d", user).isEqualTo(model.getOrDefault(user, 0L));
      }
    }
    model.forEach(tickets::remove);
    assertThat(tickets.size()).isZero();
    assertThat(tickets.capacity()).as("shrunk back").isLessThanOrEqualTo(2_048);
  }

  @Test
  @DisplayName("removing an older ticket of a user keeps the newer one")
  void olderTicketKeepsNewer() {
    UserTickets tickets = new UserTickets();
    tickets.put(42, 7);
    tickets.put(42, 12);
    tickets.remove(42, 7);
    assertThat(tickets.get(42)).isEqualTo(12);
    tickets.remove(42, 12);
    assertThat(tickets.get(42)).isZero();
    tickets.put(0, 1);
    tickets.put(-3, 1);
    assertThat(tickets.size()).as("ids that are not positive are ignored").isZero();
  }

  @Test
  @DisplayName("a million users fit in 32 MB of arrays")
  void aMillionUsers() {
    UserTickets tickets = new UserTickets();
    for (long user = 1; user <= 1_000_000; user++) {
      tickets.put(user * 7, user);
    }
    assertThat(tickets.capacity() * 16L).isLessThanOrEqualTo(32L << 20);
    assertThat(tickets.get(7_000_000)).isEqualTo(1_000_000);
  }
}
