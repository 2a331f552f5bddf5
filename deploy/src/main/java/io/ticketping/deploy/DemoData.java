package io.ticketping.deploy;

import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/**
 * What the dev run command adds so that the README's walk-through works at once: an open waiting room for the show
 * {@code demo}. An existing queue is left as the admin last set it.
 */
final class DemoData {

  static final String DEMO_SHOW = "demo";

  private DemoData() {
  }

  static Future<String> ensure(Vertx vertx) {
    JsonObject show = new JsonObject().put("showId", DEMO_SHOW);
    return vertx.eventBus().<JsonObject>request(QueueAddresses.STATS, show)
      .map(existing -> "Demo queue '" + DEMO_SHOW + "': exists (" + existing.body().getString("state") + ")")
      .recover(e -> e instanceof ReplyException reply && reply.failureCode() == 404
        ? vertx.eventBus().<JsonObject>request(QueueAddresses.CONFIGURE, show.copy()
            .put("capacity", 100).put("passTtlSeconds", 600).put("idleTimeoutSeconds", 60))
          .map(created -> "Demo queue '" + DEMO_SHOW + "': created, " + created.body().getString("state"))
        : Future.failedFuture(e));
  }
}
