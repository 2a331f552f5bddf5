package io.ticketping.queue;

import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Closing (no newcomers, nobody admitted, waiters told) and draining (no newcomers, the line still served in order),
 * and reopening with resume. No ticker runs: each test ticks itself.
 */
@ExtendWith(VertxExtension.class)
class CloseDrainTest {

  private Vertx vertx;
  private WaitingRoom room;

  @BeforeEach
  void start(Vertx vertx) {
    TestServers.get().reset();
    this.vertx = vertx;
    QueueTesting.deploy(vertx, 0).await();
    room = QueueTesting.room(vertx);
  }

  @Test
  @DisplayName("a closed queue refuses newcomers and admits nobody; waiters are told CLOSED and keep their places, "
    + "and resume lets the line go on in order")
  void closeThenReopen() {
    configure(new JsonObject().put("capacity", 1));
    assertThat(enter(1).getString("status")).isEqualTo("ADMITTED");
    enter(2);
    enter(3);
    enter(4);

    assertThat(call(QueueAddresses.CLOSE, QueueTesting.show(SHOW)).getString("state")).isEqualTo("CLOSED");
    JsonObject newcomer = enter(5);
    assertThat(newcomer.getString("status")).isEqualTo("CLOSED");
    assertThat(newcomer.getValue("position")).isNull();
    assertThat(failureCode(QueueAddresses.STATUS, user(SHOW, 5))).as("the newcomer is not in line").isEqualTo(404);
    JsonObject waiter = call(QueueAddresses.STATUS, user(SHOW, 3));
    assertThat(waiter.getString("status")).isEqualTo("CLOSED");
    assertThat(waiter.getLong("position")).isEqualTo(2);
    assertThat(waiter.getValue("etaSeconds")).isNull();
    assertThat(enter(3).getLong("position")).as("entering again keeps the place").isEqualTo(2);
    assertThat(call(QueueAddresses.PASS_CHECK, user(SHOW, 1)).getBoolean("active"))
      .as("a pass already given still works: its holder may finish buying").isTrue();

    assertThat(call(QueueAddresses.RELEASE, user(SHOW, 1)).getBoolean("released")).isTrue();
    assertThat(room.tick(SHOW).await().admitted()).as("a free slot, but closed").isEmpty();
    assertThat(call(QueueAddresses.PAUSE, QueueTesting.show(SHOW)).getString("state")).isEqualTo("CLOSED");
    assertThat(call(QueueAddresses.CONFIGURE, new JsonObject().put("showId", SHOW).put("capacity", 2))
      .getString("state")).as("new settings do not reopen it").isEqualTo("CLOSED");

    assertThat(call(QueueAddresses.RESUME, QueueTesting.show(SHOW)).getString("state")).isEqualTo("OPEN");
    assertThat(room.tick(SHOW).await().admitted()).as("the head of the line first").containsExactly(2L, 3L);
    JsonObject last = call(QueueAddresses.STATUS, user(SHOW, 4));
    assertThat(last.getString("status")).isEqualTo("WAITING");
    assertThat(last.getLong("position")).isEqualTo(1);
    assertThat(enter(5).getLong("position")).as("newcomers join again").isEqualTo(2);
  }

  @Test
  @DisplayName("a draining queue refuses newcomers but still admits its line in order, and a pause leaves it draining")
  void drainServesTheLine() {
    configure(new JsonObject().put("capacity", 1));
    assertThat(enter(1).getString("status")).isEqualTo("ADMITTED");
    enter(2);
    enter(3);

    assertThat(call(QueueAddresses.DRAIN, QueueTesting.show(SHOW)).getString("state")).isEqualTo("DRAINING");
    JsonObject newcomer = enter(4);
    assertThat(newcomer.getString("status")).isEqualTo("CLOSED");
    assertThat(newcomer.getString("state")).isEqualTo("DRAINING");
    assertThat(newcomer.getValue("position")).isNull();
    JsonObject head = call(QueueAddresses.STATUS, user(SHOW, 2));
    assertThat(head.getString("status")).isEqualTo("WAITING");
    assertThat(head.getLong("position")).isEqualTo(1);

    call(QueueAddresses.RELEASE, user(SHOW, 1));
    TickResult first = room.tick(SHOW).await();
    assertThat(first.admitted()).containsExactly(2L);
    assertThat(first.admitting()).isTrue();
    assertThat(call(QueueAddresses.PAUSE, QueueTesting.show(SHOW)).getString("state"))
      .as("a pause would let newcomers in again").isEqualTo("DRAINING");
    call(QueueAddresses.RELEASE, user(SHOW, 2));
    assertThat(room.tick(SHOW).await().admitted()).containsExactly(3L);
    JsonObject drained = call(QueueAddresses.STATS, QueueTesting.show(SHOW));
    assertThat(drained.getString("state")).isEqualTo("DRAINING");
    assertThat(drained.getLong("waiting")).isZero();
    assertThat(failureCode(QueueAddresses.STATUS, user(SHOW, 4))).isEqualTo(404);

    assertThat(call(QueueAddresses.RESUME, QueueTesting.show(SHOW)).getString("state")).isEqualTo("OPEN");
    assertThat(enter(4).getString("status")).as("newcomers join again").isEqualTo("WAITING");
  }

  @Test
  @DisplayName("pre-queued users of a closed queue are told CLOSED; draining shuffles them in at opening and lets "
    + "them in, while newcomers are refused")
  void preQueueWhileClosedAndDraining() {
    configure(new JsonObject().put("capacity", 10).put("opensAt", System.currentTimeMillis() + 1500));
    assertThat(enter(1).getString("status")).isEqualTo("PREQUEUE");
    call(QueueAddresses.CLOSE, QueueTesting.show(SHOW));
    JsonObject closed = call(QueueAddresses.STATUS, user(SHOW, 1));
    assertThat(closed.getString("status")).isEqualTo("CLOSED");
    assertThat(closed.getValue("position")).isNull();

    call(QueueAddresses.DRAIN, QueueTesting.show(SHOW));
    assertThat(call(QueueAddresses.STATUS, user(SHOW, 1)).getString("status")).isEqualTo("PREQUEUE");
    assertThat(enter(2).getString("status")).isEqualTo("CLOSED");
    QueueTesting.sleep(vertx, 1600).await();
    TickResult opened = room.tick(SHOW).await();
    assertThat(opened.opened()).isEqualTo(1);
    assertThat(opened.admitted()).containsExactly(1L);
    assertThat(opened.state()).as("still no newcomers after opening").isEqualTo("DRAINING");
  }

  private void configure(JsonObject settings) {
    call(QueueAddresses.CONFIGURE, settings.put("showId", SHOW).put("idleTimeoutSeconds", 600));
  }

  private JsonObject enter(long userId) {
    return call(QueueAddresses.ENTER, user(SHOW, userId));
  }

  private JsonObject call(String address, JsonObject body) {
    return QueueTesting.request(vertx, address, body).await();
  }

  private int failureCode(String address, JsonObject body) {
    return catchThrowableOfType(ReplyException.class, () -> call(address, body)).failureCode();
  }
}
