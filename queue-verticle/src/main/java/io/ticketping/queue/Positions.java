package io.ticketping.queue;

import io.ticketping.shared.queue.QueueStatus;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** The places of many users of one show, from one batched look-up. */
public record Positions(String state, Map<Long, QueueStatus> users) {

  /** {@code {state, users: {"<userId>": {status, position, total, etaSeconds[, passExpiresAt][, opensAt]}}}}. */
  public JsonObject toJson() {
    JsonObject byUser = new JsonObject();
    users.forEach((userId, status) -> byUser.put(String.valueOf(userId), status.toUserJson()));
    return new JsonObject().put("state", state).put("users", byUser);
  }
}
