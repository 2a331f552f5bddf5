package io.ticketping.booking;

import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Sets up the waiting room of a show that was just committed. The show exists whatever happens here, so a failure must
 * not read as "nothing was created" (an admin retrying would create a second show): after a few quick attempts it fails
 * with a 503 problem that names the new show and how to finish its set-up.
 */
final class WaitingRoomSetup {

  private static final int ATTEMPTS = 3;
  private static final long BACKOFF_MILLIS = 100;

  private final Vertx vertx;
  private final ServiceCalls queue;

  /** @param budgetMillis how long all attempts may take together: less than the gateway waits for our answer */
  WaitingRoomSetup(Vertx vertx, long budgetMillis) {
    this.vertx = vertx;
    this.queue = new ServiceCalls(vertx.eventBus(), Math.max(200, budgetMillis / ATTEMPTS - BACKOFF_MILLIS));
  }

  /**
   * Creates the queue of {@code showId} to open at {@code opensAt} with default settings; its reply on success. Create
   * only: an attempt that timed out may still arrive after a later one, or after the show was swept as ended, and must
   * then change nothing.
   */
  Future<JsonObject> configure(long showId, long opensAt) {
    JsonObject request = new JsonObject().put("showId", String.valueOf(showId)).put("opensAt", opensAt)
      .put("createOnly", true);
    return attempt(request, 1).recover(e -> Future.failedFuture(Problem.unavailable("Show " + showId
        + " was created, but its waiting room could not be set up (" + e.getMessage() + "). Do not create it again: "
        + "PUT /api/v1/admin/shows/" + showId + "/queue sets it up.")
      .with("showId", showId).toException()));
  }

  private Future<JsonObject> attempt(JsonObject request, int attempt) {
    Future<JsonObject> reply = queue.request(QueueAddresses.CONFIGURE, request);
    if (attempt >= ATTEMPTS) {
      return reply;
    }
    return reply.recover(e -> vertx.timer(BACKOFF_MILLIS * attempt).compose(v -> attempt(request, attempt + 1)));
  }
}
