package io.ticketping.gateway.queue.batch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Bodies of the queue's batched calls ({@code queue.enter-many}, {@code queue.positions}, {@code queue.heartbeat}):
 * {@code {showId, userIds}} with at most {@code queue.maxBatchUsers} users each, the most the queue service takes in
 * one call. Immutable, so any event loop may use it.
 */
public final class QueueBatches {

  private final int maxUsers;

  public QueueBatches(int maxUsers) {
    if (maxUsers < 1) {
      throw new IllegalArgumentException("queue.maxBatchUsers must be at least 1");
    }
    this.maxUsers = maxUsers;
  }

  /** The batches the queue service takes, from {@code queue.maxBatchUsers} of the application config. */
  public static QueueBatches of(JsonObject config) {
    return new QueueBatches(config.getJsonObject("queue").getInteger("maxBatchUsers"));
  }

  /** The most users in one call. */
  public int maxUsers() {
    return maxUsers;
  }

  /** {@code userIds} of {@code showId} cut into request bodies of at most {@link #maxUsers()} users. */
  public List<JsonObject> bodies(String showId, List<Long> userIds) {
    List<JsonObject> bodies = new ArrayList<>((userIds.size() + maxUsers - 1) / maxUsers);
    for (int from = 0; from < userIds.size(); from += maxUsers) {
      List<Object> chunk = new ArrayList<>(userIds.subList(from, Math.min(userIds.size(), from + maxUsers)));
      bodies.add(new JsonObject().put("showId", showId).put("userIds", new JsonArray(chunk)));
    }
    return bodies;
  }
}
