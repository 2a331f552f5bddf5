package io.ticketping.shared.queue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LineViewTest {

  private static final long NOW = 1_000_000;

  @Test
  @DisplayName("answers say WAITING with the exact place and the line's figures, and nothing for anyone else (the "
    + "admitted included: the queue service answers them) or while a logged departure is still unread")
  void answers() {
    LineView view = new LineView();
    view.apply(changes(true, true, new long[0], 1, arrivals(10, 20, 30)));
    JsonObject third = view.statusOf(30);
    assertThat(third.getString("status")).isEqualTo("WAITING");
    assertThat(third.getLong("position")).isEqualTo(3);
    assertThat(third.getLong("total")).isEqualTo(3);
    assertThat(third.getString("state")).isEqualTo("OPEN");
    assertThat(view.statusOf(99)).as("not known here").isNull();
    assertThat(view.takenAt()).isEqualTo(NOW);

    view.apply(changes(false, false, new long[] {2}, 1, new long[0]));
    assertThat(view.statusOf(30)).as("a departure not read yet: no place is exact").isNull();
    assertThat(view.positionOf(30)).isEqualTo(-1);
    view.apply(changes(false, true, new long[0], 1, new long[0]));
    assertThat(view.statusOf(30).getLong("position")).isEqualTo(2);
  }

  @Test
  @DisplayName("an arrival out of ticket order is not placed: the view answers nothing and starts over at its next read")
  void arrivalOutOfOrder() {
    LineView view = new LineView();
    view.apply(changes(true, true, new long[0], 1, arrivals(10, 20)));
    view.apply(changes(false, true, new long[0], 1, new long[] {30, 1}));
    assertThat(view.statusOf(10)).isNull();
    assertThat(view.cursor()).as("the next read starts over").isEmpty();
  }

  @Test
  @DisplayName("readers on other threads, while the line is changed as fast as it can be (admissions at the head, "
    + "arrivals growing and compacting the arrays), get either no answer or the exact place, never a wrong one")
  void concurrentReadersNeverSeeAWrongPlace() throws InterruptedException {
    LineView view = new LineView();
    int initial = 5_000;
    long[] first = new long[2 * initial];
    for (int i = 0; i < initial; i++) {
      first[2 * i] = i + 1; // user u holds ticket u
      first[2 * i + 1] = i + 1;
    }
    view.apply(changes(true, true, new long[0], 1, first));
    // Tickets below the head are gone, so user u's place is u - head + 1. The view's head is at least `applied` and
    // at most `announced` (raised before each change, `applied` after it).
    AtomicLong announced = new AtomicLong(1);
    AtomicLong applied = new AtomicLong(1);
    AtomicLong lastTicket = new AtomicLong(initial);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong answered = new AtomicLong();
    List<String> wrong = new ArrayList<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      readers.add(new Thread(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get()) {
          long headBefore = applied.get();
          long user = headBefore + random.nextLong(Math.max(1, lastTicket.get() - headBefore + 1));
          JsonObject status = view.statusOf(user);
          long headAfter = announced.get();
          if (status == null) {
            continue;
          }
          answered.incrementAndGet();
          long position = status.getLong("position");
          if (position < user - headAfter + 1 || position > user - headBefore + 1) {
            synchronized (wrong) {
              wrong.add("user " + user + " at " + position + " with the head between " + headBefore + " and "
                + headAfter);
            }
          }
        }
      }));
    }
    readers.forEach(Thread::start);
    long until = System.currentTimeMillis() + 1_500;
    while (System.currentTimeMillis() < until) {
      int admitted = ThreadLocalRandom.current().nextInt(50);
      int arriving = ThreadLocalRandom.current().nextInt(100);
      long[] arrivals = new long[2 * arriving];
      for (int i = 0; i < arriving; i++) {
        long ticket = lastTicket.get() + 1 + i;
        arrivals[2 * i] = ticket;
        arrivals[2 * i + 1] = ticket;
      }
      long head = announced.addAndGet(admitted);
      view.apply(changes(false, true, new long[0], head, arrivals));
      applied.set(head);
      lastTicket.addAndGet(arriving);
    }
    running.set(false);
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(wrong).isEmpty();
    assertThat(answered.get()).as("answers given").isGreaterThan(1_000);
  }

  @Test
  @DisplayName("comma-separated numbers are read digit by digit, fractions cut off")
  void numbers() {
    assertThat(LineChanges.numbers(Buffer.buffer(""))).isEmpty();
    assertThat(LineChanges.numbers(Buffer.buffer("12,0,1796515262635"))).containsExactly(12, 0, 1796515262635L);
    assertThat(LineChanges.numbers(Buffer.buffer("7,1700000000000.5"))).containsExactly(7, 1700000000000L);
  }

  private static long[] arrivals(long... users) {
    long[] pairs = new long[2 * users.length];
    for (int i = 0; i < users.length; i++) {
      pairs[2 * i] = users[i];
      pairs[2 * i + 1] = i + 1;
    }
    return pairs;
  }

  private static LineChanges changes(boolean restarted, boolean logComplete, long[] departed, long head,
                                     long[] arrivals) {
    LineFigures figures = new LineFigures(NOW, "OPEN", 0, 60, 0, 0, 60, "", 3);
    return new LineChanges(figures, restarted, "0-0", logComplete, departed, head, arrivals, true, 0);
  }
}
