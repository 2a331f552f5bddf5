package io.ticketping.queue;

import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The queue service deployed without a ticker on fresh test servers, called over the event bus one call at a time
 * for {@link QueueTesting#SHOW}, and a waiting room of its own for the test to tick with, so that the test knows
 * exactly what each tick did.
 */
final class QueueDesk {

  final Vertx vertx;
  final WaitingRoom room;

  private QueueDesk(Vertx vertx) {
    this.vertx = vertx;
    this.room = QueueTesting.room(vertx);
  }

  static QueueDesk open(Vertx vertx) {
    TestServers.get().reset();
    QueueTesting.deploy(vertx, 0).await();
    return new QueueDesk(vertx);
  }

  /** Configures the show with {@code settings} and an idle timeout no test reaches. */
  void configure(JsonObject settings) {
    call(QueueAddresses.CONFIGURE, settings.put("showId", SHOW).put("idleTimeoutSeconds", 600));
  }

  JsonObject enter(long userId) {
    return call(QueueAddresses.ENTER, user(SHOW, userId));
  }

  JsonObject call(String address, JsonObject body) {
    return QueueTesting.request(vertx, address, body).await();
  }

  /** The failure code of a call that must fail. */
  int failureCode(String address, JsonObject body) {
    return catchThrowableOfType(ReplyException.class, () -> call(address, body)).failureCode();
  }
}
