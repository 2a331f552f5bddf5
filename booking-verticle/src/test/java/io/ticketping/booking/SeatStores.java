package io.ticketping.booking;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.Map;

/** Reads a schedule's seat states straight from both stores, so tests can check that they agree. */
public final class SeatStores {

  private SeatStores() {
  }

  /** PostgreSQL's seat states, written as the seat map writes them: AVAILABLE, HELD:orderId or SOLD. */
  public static Future<Map<Long, String>> postgres(Pool pg, long scheduleId) {
    return pg.preparedQuery("SELECT id, status, order_id FROM seats WHERE schedule_id = $1")
      .execute(Tuple.of(scheduleId)).map(rows -> {
        Map<Long, String> states = new HashMap<>();
        for (Row row : rows) {
          String status = row.getString("status");
          states.put(row.getLong("id"), "HELD".equals(status) ? "HELD:" + row.getUUID("order_id") : status);
        }
        return states;
      });
  }

  /** The Redis seat map as it is: empty while it is cold. */
  public static Future<Map<Long, String>> redis(Redis redis, long scheduleId) {
    return redis.send(Request.cmd(Command.HGETALL).arg(SeatMap.seatsKey(scheduleId))).map(reply -> {
      Map<Long, String> states = new HashMap<>();
      for (String seat : reply.getKeys()) {
        states.put(Long.parseLong(seat), reply.get(seat).toString());
      }
      return states;
    });
  }
}
