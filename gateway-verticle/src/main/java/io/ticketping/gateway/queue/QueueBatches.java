package io.ticketping.gateway.queue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Bodies of the queue's batched calls ({@code queue.positions}, {@code queue.heartbeat}): {@code {showId, userIds}}
 * with at most {@value #CHUNK} users each, the most the queue service takes in one call ({@code queue.maxBatchUsers}).
 */
final class QueueBatches {

  static final int CHUNK = 1000;

  private QueueBatches() {
  }

  /** {@code userIds} of {@code showId} cut into request bodies of at most {@value #CHUNK} users. */
  static List<JsonObject> of(String showId, List<Long> userIds) {
    List<JsonObject> bodies = new ArrayList<>((userIds.size() + CHUNK - 1) / CHUNK);
    for (int from = 0; from < userIds.size(); from += CHUNK) {
      List<Object> chunk = new ArrayList<>(userIds.subList(from, Math.min(userIds.size(), from + CHUNK)));
      bodies.add(new JsonObject().put("showId", showId).put("userIds", new JsonArray(chunk)));
    }
    return bodies;
  }
}
