package io.ticketping.queue;

import io.ticketping.shared.queue.QueueStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The places of many users of one show, from one batched look-up. */
public record Positions(String state, Map<Long, QueueStatus> users) {

  private static final int FIXED_FIELDS = 7;

  /**
   * Reads the {state, waiting, preQueued, admittedLastMinute, admitPerMinute, opensAt, soldOut, code1, n1, ...}
   * reply of {@code positions.lua}, whose code/n pairs follow {@code userIds} in order.
   */
  static Positions fromReply(List<Long> userIds, Response r) {
    String state = r.get(0).toString();
    long waiting = r.get(1).toLong();
    long preQueued = r.get(2).toLong();
    long admittedLastMinute = r.get(3).toLong();
    long admitPerMinute = r.get(4).toLong();
    long opensAt = r.get(5).toLong();
    String soldOut = r.get(6).toString();
    Map<Long, QueueStatus> users = new LinkedHashMap<>();
    for (int i = 0; i < userIds.size(); i++) {
      String code = r.get(FIXED_FIELDS + 2 * i).toString();
      long n = r.get(FIXED_FIELDS + 2 * i + 1).toLong();
      long total = QueueStatus.PREQUEUE.equals(code) ? preQueued : waiting;
      users.put(userIds.get(i), QueueStatus.of(code, n, total, state, admittedLastMinute, admitPerMinute, opensAt,
        soldOut));
    }
    return new Positions(state, users);
  }

  /** {@code {state, users: {"<userId>": {status, position, total, etaSeconds[, passExpiresAt][, opensAt]}}}}. */
  public JsonObject toJson() {
    JsonObject byUser = new JsonObject();
    users.forEach((userId, status) -> byUser.put(String.valueOf(userId), status.toUserJson()));
    return new JsonObject().put("state", state).put("users", byUser);
  }
}
