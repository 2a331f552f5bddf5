package io.ticketping.gateway.queue;

import io.ticketping.shared.queue.QueueStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.redis.client.Response;

import java.util.HashMap;
import java.util.Map;

/**
 * A show's line as read at {@code takenAt} ({@code lua/queue_view.lua}): positions by user, pass expiries by user,
 * and the queue's figures. Immutable, so every gateway instance of a Vert.x may share one ({@link SharedLines}).
 */
record QueueLine(long takenAt, String state, long admittedLastMinute, long admitPerMinute, long opensAt,
                 int waiting, Map<Long, Integer> positions, Map<Long, Long> passExpiries) implements Shareable {

  /** The user's status as the queue service would answer it, or {@code null} when the user is not in this line. */
  JsonObject statusOf(long userId, long now) {
    Integer position = positions.get(userId);
    if (position != null) {
      return QueueStatus.of(QueueStatus.WAITING, position, waiting, state, admittedLastMinute, admitPerMinute, opensAt)
        .toJson();
    }
    Long passExpiresAt = passExpiries.get(userId);
    if (passExpiresAt != null && passExpiresAt > now) {
      return QueueStatus.of(QueueStatus.ADMITTED, passExpiresAt, waiting, state, admittedLastMinute, admitPerMinute,
        opensAt).toJson();
    }
    return null;
  }

  static QueueLine of(Response reply, long takenAt) {
    Response line = reply.get(5);
    Map<Long, Integer> positions = new HashMap<>(Math.max(16, line.size() * 4 / 3 + 1));
    for (int i = 0; i < line.size(); i++) {
      positions.put(line.get(i).toLong(), i + 1);
    }
    Response working = reply.get(6);
    Map<Long, Long> passExpiries = new HashMap<>();
    for (int i = 0; i + 1 < working.size(); i += 2) {
      passExpiries.put(working.get(i).toLong(), (long) Double.parseDouble(working.get(i + 1).toString()));
    }
    return new QueueLine(takenAt, reply.get(0).toString(), reply.get(1).toLong(), reply.get(2).toLong(),
      reply.get(3).toLong(), line.size(), positions, passExpiries);
  }
}
