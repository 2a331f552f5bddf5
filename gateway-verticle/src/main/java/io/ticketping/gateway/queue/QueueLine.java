package io.ticketping.gateway.queue;

import io.ticketping.shared.queue.QueueStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.redis.client.Response;

import java.util.HashMap;
import java.util.Map;

/**
 * A show's line as read at {@code takenAt} ({@code lua/queue_view.lua}): positions by user, pass expiries by user,
 * and the queue's figures, with whether the show is sold out ('' while seats are on sale), so a poll answered from
 * here says SOLD_OUT or CLOSED exactly as the queue service would. Immutable, so every gateway instance of a Vert.x
 * may share one ({@link SharedLines}).
 */
record QueueLine(long takenAt, String state, long admittedLastMinute, long admitPerMinute, long opensAt,
                 int waiting, UserPlaces positions, Map<Long, Long> passExpiries, long idleTimeoutSeconds,
                 String soldOut)
  implements Shareable {

  /** The user's status as the queue service would answer it, or {@code null} when the user is not in this line. */
  JsonObject statusOf(long userId, long now) {
    int position = positions.placeOf(userId);
    if (position > 0) {
      return QueueStatus.of(QueueStatus.WAITING, position, waiting, state, admittedLastMinute, admitPerMinute, opensAt,
        soldOut).toJson();
    }
    Long passExpiresAt = passExpiries.get(userId);
    if (passExpiresAt != null && passExpiresAt > now) {
      return QueueStatus.of(QueueStatus.ADMITTED, passExpiresAt, waiting, state, admittedLastMinute, admitPerMinute,
        opensAt, soldOut).toJson();
    }
    return null;
  }

  /** The script's reply: the waiting members and the working set come as comma-separated text (one string each). */
  static QueueLine of(Response reply, long takenAt) {
    Buffer line = reply.get(5).toBuffer();
    UserPlaces positions = new UserPlaces(commas(line) + 1);
    int waiting = 0;
    long user = 0;
    for (int i = 0, n = line.length(); n > 0 && i <= n; i++) {
      byte c = i < n ? line.getByte(i) : (byte) ',';
      if (c == ',') {
        positions.putIfAbsent(user, ++waiting);
        user = 0;
      } else {
        user = user * 10 + (c - '0');
      }
    }
    Map<Long, Long> passExpiries = new HashMap<>();
    String working = reply.get(6).toString();
    if (!working.isEmpty()) {
      String[] fields = working.split(",");
      for (int i = 0; i + 1 < fields.length; i += 2) {
        passExpiries.put(Long.parseLong(fields[i]), (long) Double.parseDouble(fields[i + 1]));
      }
    }
    return new QueueLine(takenAt, reply.get(0).toString(), reply.get(1).toLong(), reply.get(2).toLong(),
      reply.get(3).toLong(), waiting, positions, passExpiries, reply.get(7).toLong(), reply.get(8).toString());
  }

  private static int commas(Buffer text) {
    int count = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      if (text.getByte(i) == ',') {
        count++;
      }
    }
    return count;
  }
}
