package io.ticketping.queue;

import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.queue.QueueKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waiting room while a show has no seat on sale (as booking counts them, {@code seats.lua}): places are kept,
 * waiters are told, newcomers get no place, nobody is admitted; a seat that comes back goes to the head of the line.
 * No ticker runs: each test ticks itself, so it knows exactly what each tick did.
 */
@ExtendWith(VertxExtension.class)
class SoldOutTest {

  private QueueDesk desk;

  @BeforeEach
  void start(Vertx vertx) {
    desk = QueueDesk.open(vertx);
  }

  @Test
  @DisplayName("with every seat sold or held, waiters keep their places and are told SOLD_OUT, a newcomer gets no "
    + "place, and a free slot admits nobody")
  void soldOutKeepsPlacesAndAdmitsNobody() {
    desk.configure(new JsonObject().put("capacity", 1));
    assertThat(desk.enter(1).getString("status")).isEqualTo("ADMITTED");
    for (long user = 2; user <= 6; user++) {
      assertThat(desk.enter(user).getLong("position")).isEqualTo(user - 1);
    }

    JsonObject reported = seats(0, 2, 10);
    assertThat(reported.getBoolean("applied")).isTrue();
    assertThat(reported.getString("soldOut")).isEqualTo("FOR_NOW");

    JsonObject third = desk.call(QueueAddresses.STATUS, user(SHOW, 4));
    assertThat(third.getString("status")).isEqualTo("SOLD_OUT");
    assertThat(third.getString("soldOut")).isEqualTo("FOR_NOW");
    assertThat(third.getLong("position")).as("the place is kept").isEqualTo(3);
    assertThat(third.getLong("total")).isEqualTo(5);
    assertThat(third.getValue("etaSeconds")).as("no estimate while nobody is let in").isNull();
    JsonObject again = desk.enter(4);
    assertThat(again.getString("status")).isEqualTo("SOLD_OUT");
    assertThat(again.getLong("position")).as("entering again keeps the place").isEqualTo(3);

    JsonObject newcomer = desk.enter(7);
    assertThat(newcomer.getString("status")).isEqualTo("SOLD_OUT");
    assertThat(newcomer.getValue("position")).as("no place for a newcomer").isNull();
    assertThat(desk.failureCode(QueueAddresses.STATUS, user(SHOW, 7))).as("the newcomer is not in line").isEqualTo(404);

    // The admitted buyer is done: the slot is free, yet nobody is let in to a show with nothing on sale.
    assertThat(desk.call(QueueAddresses.RELEASE, user(SHOW, 1)).getBoolean("released")).isTrue();
    TickResult tick = desk.room.tick(SHOW).await();
    assertThat(tick.admitted()).isEmpty();
    assertThat(tick.soldOut()).isEqualTo("FOR_NOW");
    assertThat(tick.admitting()).isFalse();
    assertThat(tick.lastPlaceEtaSeconds()).isNull();

    JsonObject places = desk.call(QueueAddresses.POSITIONS, new JsonObject().put("showId", SHOW)
      .put("userIds", new JsonArray(List.of(2, 7)))).getJsonObject("users");
    assertThat(places.getJsonObject("2").getString("status")).isEqualTo("SOLD_OUT");
    assertThat(places.getJsonObject("2").getLong("position")).isEqualTo(1);
    assertThat(places.getJsonObject("7").getString("status")).isEqualTo("NONE");
    JsonObject stats = desk.call(QueueAddresses.STATS, QueueTesting.show(SHOW));
    assertThat(stats.getLong("seatsAvailable")).isZero();
    assertThat(stats.getLong("seatsHeld")).isEqualTo(2);
    assertThat(stats.getString("soldOut")).isEqualTo("FOR_NOW");
    assertThat(stats.getLong("working")).isZero();

    // The held seats are paid for: sold out for good, and still nobody loses a place.
    assertThat(seats(0, 0, 12).getString("soldOut")).isEqualTo("FOR_GOOD");
    JsonObject head = desk.call(QueueAddresses.STATUS, user(SHOW, 2));
    assertThat(head.getString("soldOut")).isEqualTo("FOR_GOOD");
    assertThat(head.getLong("position")).isEqualTo(1);
    assertThat(desk.room.tick(SHOW).await().admitted()).isEmpty();
  }

  @Test
  @DisplayName("a seat that comes back goes to the head of the line: a tick admits no more people than there are "
    + "seats on sale, in line order, and the others keep their places")
  void seatsComingBackAdmitTheHead() {
    desk.configure(new JsonObject().put("capacity", 0));
    for (long user = 1; user <= 6; user++) {
      desk.enter(user);
    }
    seats(0, 3, 5);
    desk.configure(new JsonObject().put("capacity", 10));
    assertThat(desk.room.tick(SHOW).await().admitted()).as("room for ten, nothing on sale").isEmpty();

    seats(1, 2, 6);
    TickResult first = desk.room.tick(SHOW).await();
    assertThat(first.admitted()).as("one seat back: the head of the line, nobody else").containsExactly(1L);
    assertThat(first.soldOut()).isNull();
    JsonObject next = desk.call(QueueAddresses.STATUS, user(SHOW, 2));
    assertThat(next.getString("status")).isEqualTo("WAITING");
    assertThat(next.getLong("position")).isEqualTo(1);
    assertThat(next.getValue("soldOut")).isNull();

    seats(2, 1, 7);
    assertThat(desk.room.tick(SHOW).await().admitted()).as("two seats: the next two, in order").containsExactly(2L, 3L);
    assertThat(desk.call(QueueAddresses.STATUS, user(SHOW, 6)).getLong("position")).isEqualTo(3);
  }

  @Test
  @DisplayName("an older count never overwrites a newer one, whatever order the counts arrive in")
  void olderCountsAreIgnored() {
    desk.configure(new JsonObject().put("capacity", 0));
    desk.enter(1);
    assertThat(seats(0, 1, 20).getBoolean("applied")).isTrue();
    JsonObject stale = seats(5, 0, 19);
    assertThat(stale.getBoolean("applied")).isFalse();
    assertThat(stale.getString("soldOut")).isEqualTo("FOR_NOW");
    assertThat(desk.call(QueueAddresses.STATUS, user(SHOW, 1)).getString("status")).isEqualTo("SOLD_OUT");

    assertThat(seats(5, 0, 21).getBoolean("applied")).isTrue();
    JsonObject waiting = desk.call(QueueAddresses.STATUS, user(SHOW, 1));
    assertThat(waiting.getString("status")).isEqualTo("WAITING");
    assertThat(waiting.getValue("soldOut")).isNull();
    assertThat(desk.call(QueueAddresses.STATS, QueueTesting.show(SHOW)).getLong("seatsAvailable")).isEqualTo(5);
  }

  @Test
  @DisplayName("a count for a show without a queue is a 404 and creates nothing; a negative count is a 400")
  void countsForUnknownShowsAndBadCounts() {
    assertThat(desk.failureCode(QueueAddresses.SEATS, new JsonObject().put("showId", "no-such-show")
      .put("available", 0).put("held", 0).put("version", 1))).isEqualTo(404);
    long exists = QueueTesting.redis(desk.vertx)
      .send(Request.cmd(Command.EXISTS).arg(QueueKeys.meta("no-such-show"))).await().toLong();
    assertThat(exists).as("no queue was made up for it").isZero();

    desk.configure(new JsonObject().put("capacity", 1));
    assertThat(desk.failureCode(QueueAddresses.SEATS, new JsonObject().put("showId", SHOW).put("available", -1)
      .put("held", 0).put("version", 1))).isEqualTo(400);
    assertThat(desk.failureCode(QueueAddresses.SEATS, new JsonObject().put("showId", SHOW).put("available", 1)
      .put("held", "many").put("version", 1))).isEqualTo(400);
  }

  private JsonObject seats(long available, long held, long version) {
    return desk.call(QueueAddresses.SEATS, new JsonObject().put("showId", SHOW).put("available", available)
      .put("held", held).put("version", version));
  }
}
