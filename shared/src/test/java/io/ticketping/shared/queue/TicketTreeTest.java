package io.ticketping.shared.queue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class TicketTreeTest {

  @Test
  @DisplayName("the rank of a ticket is the number of present tickets up to it, through random arrivals, departures "
    + "and head advances (compared with a sorted map)")
  void ranksMatchASortedMap() {
    Random random = new Random(7);
    TicketTree tree = new TicketTree();
    TreeMap<Long, Long> model = new TreeMap<>();
    long nextTicket = 1;
    for (int round = 0; round < 200; round++) {
      int arrivals = random.nextInt(200);
      for (int i = 0; i < arrivals; i++) {
        nextTicket += 1 + random.nextInt(3); // tickets of users who left before being seen leave gaps
        long user = 1 + random.nextInt(1_000_000);
        assertThat(tree.add(nextTicket, user)).isTrue();
        model.put(nextTicket, user);
      }
      List<Long> present = new ArrayList<>(model.keySet());
      for (int i = 0; i < random.nextInt(60) && !present.isEmpty(); i++) {
        long ticket = present.get(random.nextInt(present.size()));
        assertThat(tree.remove(ticket)).isEqualTo(model.getOrDefault(ticket, 0L));
        model.remove(ticket);
      }
      if (!model.isEmpty() && random.nextInt(3) == 0) {
        long head = model.firstKey() + random.nextInt(150);
        List<Long> gone = new ArrayList<>();
        tree.dropBelow(head, (ticket, user) -> {
          assertThat(model.get(ticket)).isEqualTo(user);
          gone.add(ticket);
        });
        assertThat(gone).containsExactlyElementsOf(model.headMap(head).keySet());
        model.headMap(head).clear();
      }
      assertThat(tree.size()).isEqualTo(model.size());
      int rank = 0;
      List<String> wrong = new ArrayList<>();
      for (var entry : model.entrySet()) {
        rank++;
        if (tree.rank(entry.getKey()) != rank || tree.holderOf(entry.getKey()) != entry.getValue()) {
          wrong.add("ticket " + entry.getKey());
        }
      }
      assertThat(wrong).as("round %d", round).isEmpty();
      long absent = 1 + random.nextInt((int) nextTicket);
      assertThat(tree.rank(absent)).isEqualTo(model.headMap(absent, true).size());
      if (!model.containsKey(absent)) {
        assertThat(tree.holderOf(absent)).isZero();
      }
    }
  }

  @Test
  @DisplayName("a departure of an absent ticket changes nothing, and tickets out of order are refused")
  void absentAndOutOfOrder() {
    TicketTree tree = new TicketTree();
    assertThat(tree.add(5, 50)).isTrue();
    assertThat(tree.add(9, 90)).isTrue();
    assertThat(tree.remove(7)).isZero();
    assertThat(tree.remove(9)).isEqualTo(90);
    assertThat(tree.remove(9)).isZero();
    assertThat(tree.add(8, 80)).as("below a ticket already added").isFalse();
    assertThat(tree.add(9, 91)).as("the same ticket again").isFalse();
    assertThat(tree.add(10, 0)).as("no user").isFalse();
    assertThat(tree.size()).isEqualTo(1);
    assertThat(tree.rank(100)).isEqualTo(1);
  }

  @Test
  @DisplayName("the arrays grow with the line: 100,000 waiters, each at its exact rank")
  void grows() {
    TicketTree tree = new TicketTree();
    for (long t = 1; t <= 100_000; t++) {
      tree.add(t * 3, t);
    }
    assertThat(tree.capacity()).isBetween(100_000, 200_000);
    assertThat(tree.rank(3)).isEqualTo(1);
    assertThat(tree.rank(150_000)).isEqualTo(50_000);
    assertThat(tree.rank(300_000)).isEqualTo(100_000);
    assertThat(tree.rank(2)).isZero();
  }

  @Test
  @DisplayName("as the head advances, the slots it passed are reused: a line admitted through a million tickets keeps "
    + "arrays sized for the waiters present, with exact ranks")
  void headCompaction() {
    TicketTree tree = new TicketTree();
    long next = 1;
    for (; next <= 5_000; next++) {
      tree.add(next, next);
    }
    int[] dropped = new int[1];
    for (long head = 1; head <= 1_000_000; head += 1_000) {
      tree.dropBelow(head, (ticket, user) -> dropped[0]++);
      for (int i = 0; i < 1_000; i++, next++) {
        tree.add(next, next);
      }
      assertThat(tree.capacity()).isLessThanOrEqualTo(16_384);
    }
    long head = 1_000_000 - 1_000 + 1;
    assertThat(tree.size()).isEqualTo((int) (next - head));
    assertThat(dropped[0]).isEqualTo((int) (head - 1));
    assertThat(tree.rank(head)).isEqualTo(1);
    assertThat(tree.rank(next - 1)).isEqualTo(tree.size());
    assertThat(tree.rank(head + 2_500)).isEqualTo(2_501);
  }

  @Test
  @DisplayName("departures from the middle are compacted away: entering and leaving a million times keeps the arrays "
    + "small")
  void middleDeparturesCompaction() {
    TicketTree tree = new TicketTree();
    for (long t = 1; t <= 100; t++) {
      tree.add(t, t);
    }
    for (long t = 101; t <= 1_000_000; t++) {
      tree.add(t, t);
      tree.remove(t);
    }
    assertThat(tree.capacity()).isLessThanOrEqualTo(1_024);
    assertThat(tree.size()).isEqualTo(100);
    assertThat(tree.rank(1_000_000)).isEqualTo(100);
    assertThat(tree.rank(50)).isEqualTo(50);
  }

  @Test
  @DisplayName("after the whole line left by the head, tickets go on from where they were")
  void emptiedByTheHead() {
    TicketTree tree = new TicketTree();
    tree.add(1, 10);
    tree.add(2, 20);
    tree.dropBelow(3, (ticket, user) -> { });
    assertThat(tree.size()).isZero();
    assertThat(tree.add(3, 30)).isTrue();
    assertThat(tree.rank(3)).isEqualTo(1);
    assertThat(tree.holderOf(3)).isEqualTo(30);
  }
}
