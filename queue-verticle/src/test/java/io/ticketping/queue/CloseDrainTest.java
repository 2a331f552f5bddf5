package io.ticketping.queue;

import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing (no newcomers, nobody admitted, waiters told) and draining (no newcomers, the line still served in order),
 * and reopening with resume. No ticker runs: each test ticks itself.
 */
@ExtendWith(VertxExtension.class)
class CloseDrainTest {

  private QueueDesk desk;

  @BeforeEach
  void start(Vertx vertx) {
    desk = QueueDesk.open(vertx);
  }

  @Test
  @DisplayName("a closed queue refuses newcomers and admits nobody; waiters are told CLOSED and keep their places, "
    + "and resume lets the line go on in order")
  void closeThenReopen() {
    desk.configure(new JsonObject().put("capacity", 1));
    assertThat(desk.enter(1).getString("status")).isEqualTo("ADMITTED");
    desk.enter(2);
    desk.enter(3);
    desk.enter(4);

    assertThat(desk.call(QueueAddresses.CLOSE, QueueTesting.show(SHOW)).getString("state")).isEqualTo("CLOSED");
    JsonObject newcomer = desk.enter(5);
    assertThat(newcomer.getString("status")).isEqualTo("CLOSED");
    assertThat(newcomer.getValue("position")).isNull();
    assertThat(desk.failureCode(QueueAddresses.STATUS, user(SHOW, 5))).as("the newcomer is not in line").isEqualTo(404);
    JsonObject waiter = desk.call(QueueAddresses.STATUS, user(SHOW, 3));
    assertThat(waiter.getString("status")).isEqualTo("CLOSED");
    assertThat(waiter.getLong("position")).isEqualTo(2);
    assertThat(waiter.getValue("etaSeconds")).isNull();
    assertThat(desk.enter(3).getLong("position")).as("entering again keeps the place").isEqualTo(2);
    assertThat(desk.call(QueueAddresses.PASS_CHECK, user(SHOW, 1)).getBoolean("active"))
      .as("a pass already given still works: its holder may finish buying").isTrue();

    assertThat(desk.call(QueueAddresses.RELEASE, user(SHOW, 1)).getBoolean("released")).isTrue();
    assertThat(desk.room.tick(SHOW).await().admitted()).as("a free slot, but closed").isEmpty();
    assertThat(desk.call(QueueAddresses.PAUSE, QueueTesting.show(SHOW)).getString("state")).isEqualTo("CLOSED");
    assertThat(desk.call(QueueAddresses.CONFIGURE, new JsonObject().put("showId", SHOW).put("capacity", 2))
      .getString("state")).as("new settings do not reopen it").isEqualTo("CLOSED");

    assertThat(desk.call(QueueAddresses.RESUME, QueueTesting.show(SHOW)).getString("state")).isEqualTo("OPEN");
    assertThat(desk.room.tick(SHOW).await().admitted()).as("the head of the line first").containsExactly(2L, 3L);
    JsonObject last = desk.call(QueueAddresses.STATUS, user(SHOW, 4));
    assertThat(last.getString("status")).isEqualTo("WAITING");
    assertThat(last.getLong("position")).isEqualTo(1);
    assertThat(desk.enter(5).getLong("position")).as("newcomers join again").isEqualTo(2);
  }

  @Test
  @DisplayName("a draining queue refuses newcomers but still admits its line in order, and a pause leaves it draining")
  void drainServesTheLine() {
    desk.configure(new JsonObject().put("capacity", 1));
    assertThat(desk.enter(1).getString("status")).isEqualTo("ADMITTED");
    desk.enter(2);
    desk.enter(3);

    assertThat(desk.call(QueueAddresses.DRAIN, QueueTesting.show(SHOW)).getString("state")).isEqualTo("DRAINING");
    JsonObject newcomer = desk.enter(4);
    assertThat(newcomer.getString("status")).isEqualTo("CLOSED");
    assertThat(newcomer.getString("state")).isEqualTo("DRAINING");
    assertThat(newcomer.getValue("position")).isNull();
    JsonObject head = desk.call(QueueAddresses.STATUS, user(SHOW, 2));
    assertThat(head.getString("status")).isEqualTo("WAITING");
    assertThat(head.getLong("position")).isEqualTo(1);

    desk.call(QueueAddresses.RELEASE, user(SHOW, 1));
    TickResult first = desk.room.tick(SHOW).await();
    assertThat(first.admitted()).containsExactly(2L);
    assertThat(first.admitting()).isTrue();
    assertThat(desk.call(QueueAddresses.PAUSE, QueueTesting.show(SHOW)).getString("state"))
      .as("a pause would let newcomers in again").isEqualTo("DRAINING");
    desk.call(QueueAddresses.RELEASE, user(SHOW, 2));
    assertThat(desk.room.tick(SHOW).await().admitted()).containsExactly(3L);
    JsonObject drained = desk.call(QueueAddresses.STATS, QueueTesting.show(SHOW));
    assertThat(drained.getString("state")).isEqualTo("DRAINING");
    assertThat(drained.getLong("waiting")).isZero();
    assertThat(desk.failureCode(QueueAddresses.STATUS, user(SHOW, 4))).isEqualTo(404);

    assertThat(desk.call(QueueAddresses.RESUME, QueueTesting.show(SHOW)).getString("state")).isEqualTo("OPEN");
    assertThat(desk.enter(4).getString("status")).as("newcomers join again").isEqualTo("WAITING");
  }

  @Test
  @DisplayName("pre-queued users of a closed queue are told CLOSED; draining shuffles them in at opening and lets "
    + "them in, while newcomers are refused")
  void preQueueWhileClosedAndDraining() {
    desk.configure(new JsonObject().put("capacity", 10).put("opensAt", System.currentTimeMillis() + 1500));
    assertThat(desk.enter(1).getString("status")).isEqualTo("PREQUEUE");
    desk.call(QueueAddresses.CLOSE, QueueTesting.show(SHOW));
    JsonObject closed = desk.call(QueueAddresses.STATUS, user(SHOW, 1));
    assertThat(closed.getString("status")).isEqualTo("CLOSED");
    assertThat(closed.getValue("position")).isNull();

    desk.call(QueueAddresses.DRAIN, QueueTesting.show(SHOW));
    assertThat(desk.call(QueueAddresses.STATUS, user(SHOW, 1)).getString("status")).isEqualTo("PREQUEUE");
    assertThat(desk.enter(2).getString("status")).isEqualTo("CLOSED");
    QueueTesting.sleep(desk.vertx, 1600).await();
    TickResult opened = desk.room.tick(SHOW).await();
    assertThat(opened.opened()).isEqualTo(1);
    assertThat(opened.admitted()).containsExactly(1L);
    assertThat(opened.state()).as("still no newcomers after opening").isEqualTo("DRAINING");
  }

}
