package io.ticketping.booking;

import io.ticketping.shared.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Redis seat map of each schedule ({@code seats:{scheduleId}}: seatId → AVAILABLE | HELD:orderId | SOLD) and its
 * holds by expiry ({@code holds:{scheduleId}}). Both keys of a schedule share its hash tag, so every script stays in one
 * Redis Cluster slot. The map is a fast gate and a cache: PostgreSQL decides, and a missing map is re-warmed from it.
 */
final class SeatMap {

  static final String AVAILABLE = "AVAILABLE";

  private static final LuaScript HOLD = LuaScript.fromResource(SeatMap.class, "lua/booking/hold.lua");
  private static final LuaScript RELEASE = LuaScript.fromResource(SeatMap.class, "lua/booking/release.lua");
  private static final LuaScript WARM = LuaScript.fromResource(SeatMap.class, "lua/booking/warm.lua");
  private static final LuaScript SELL = LuaScript.fromResource(SeatMap.class, "lua/booking/sell.lua");
  private static final LuaScript UNSELL = LuaScript.fromResource(SeatMap.class, "lua/booking/unsell.lua");
  private static final LuaScript RESYNC = LuaScript.fromResource(SeatMap.class, "lua/booking/resync.lua");
  private static final LuaScript CONFIRM = LuaScript.fromResource(SeatMap.class, "lua/booking/confirm.lua");
  private static final LuaScript RELEASE_STALE = LuaScript.fromResource(SeatMap.class, "lua/booking/release_stale.lua");

  private final Redis redis;
  private final Catalogue catalogue;

  SeatMap(Redis redis, Catalogue catalogue) {
    this.redis = redis;
    this.catalogue = catalogue;
  }

  static String seatsKey(long scheduleId) {
    return "seats:{" + scheduleId + "}";
  }

  static String holdsKey(long scheduleId) {
    return "holds:{" + scheduleId + "}";
  }

  /** The outcome of a hold attempt in Redis: held, or the seats that were not available. */
  record HoldResult(boolean held, List<Long> taken) {
  }

  /** Holds all seats for the order, or none; warms a cold map from PostgreSQL first. */
  Future<HoldResult> hold(long scheduleId, String orderId, long expiresAtMillis, List<Long> seatIds) {
    return tryHold(scheduleId, orderId, expiresAtMillis, seatIds).compose(result -> result != null
      ? Future.succeededFuture(result)
      : warm(scheduleId).compose(v -> tryHold(scheduleId, orderId, expiresAtMillis, seatIds))
        .map(retried -> retried != null ? retried : new HoldResult(false, seatIds)));
  }

  private Future<HoldResult> tryHold(long scheduleId, String orderId, long expiresAtMillis, List<Long> seatIds) {
    List<Object> args = new ArrayList<>(List.of(seatsKey(scheduleId), holdsKey(scheduleId), orderId, expiresAtMillis));
    args.addAll(seatIds);
    return HOLD.call(redis, 2, args.toArray()).map(reply -> switch (reply.get(0).toString()) {
      case "OK" -> new HoldResult(true, List.of());
      case "TAKEN" -> {
        List<Long> taken = new ArrayList<>();
        for (int i = 1; i < reply.size(); i++) {
          taken.add(reply.get(i).toLong());
        }
        yield new HoldResult(false, taken);
      }
      default -> null; // COLD
    });
  }

  /** Puts the seats that this order still holds back on sale, and forgets its hold. */
  Future<Void> release(long scheduleId, String orderId, List<Long> seatIds) {
    List<Object> args = new ArrayList<>(List.of(seatsKey(scheduleId), holdsKey(scheduleId), orderId));
    args.addAll(seatIds);
    return RELEASE.call(redis, 2, args.toArray()).mapEmpty();
  }

  /** Shows the order's seats as SOLD (after PostgreSQL recorded the sale). */
  Future<Void> sell(long scheduleId, String orderId, List<Long> seatIds) {
    List<Object> args = new ArrayList<>(List.of(seatsKey(scheduleId), holdsKey(scheduleId), orderId));
    args.addAll(seatIds);
    return SELL.call(redis, 2, args.toArray()).mapEmpty();
  }

  /** Shows a refunded order's seats AVAILABLE again (after PostgreSQL put them back on sale). */
  Future<Void> unsell(long scheduleId, List<Long> seatIds) {
    List<Object> args = new ArrayList<>(List.of(seatsKey(scheduleId)));
    args.addAll(seatIds);
    return UNSELL.call(redis, 1, args.toArray()).mapEmpty();
  }

  /** Frees the seats of holds that expired before {@code cutOffMillis} but were never released here. */
  Future<Integer> releaseStale(long scheduleId, long cutOffMillis) {
    return RELEASE_STALE.call(redis, 2, seatsKey(scheduleId), holdsKey(scheduleId), cutOffMillis)
      .map(Response::toInteger);
  }

  /**
   * Marks the seats of a hold that PostgreSQL has just committed as held again, in case the map was flushed and
   * re-warmed while the hold was on its way: its marks went with the old map, and the re-warm read the seats before
   * the commit. Nothing changes when the marks are there (the usual case) or the map is cold.
   */
  Future<Integer> confirm(long scheduleId, String orderId, long expiresAtMillis, List<Long> seatIds) {
    List<Object> args = new ArrayList<>(List.of(seatsKey(scheduleId), holdsKey(scheduleId), orderId, expiresAtMillis));
    args.addAll(seatIds);
    return CONFIRM.call(redis, 2, args.toArray()).map(Response::toInteger);
  }

  /** Writes PostgreSQL's current states of these seats over the map (after PostgreSQL refused a hold); those states. */
  Future<Map<Long, String>> resync(long scheduleId, List<Long> seatIds) {
    return catalogue.withSeatStatesLocked(scheduleId, seatIds,
      states -> RESYNC.call(redis, 1, flatten(seatsKey(scheduleId), states)).map(states));
  }

  /** Every seat's state, warming a cold map from PostgreSQL. */
  Future<Map<Long, String>> states(long scheduleId) {
    return hgetall(scheduleId).compose(states -> !states.isEmpty()
      ? Future.succeededFuture(states)
      : warm(scheduleId).compose(v -> hgetall(scheduleId)));
  }

  private Future<Void> warm(long scheduleId) {
    return catalogue.withSeatStatesLocked(scheduleId, null, states -> states.isEmpty()
      ? Future.succeededFuture()
      : WARM.call(redis, 1, flatten(seatsKey(scheduleId), states)).mapEmpty());
  }

  private Future<Map<Long, String>> hgetall(long scheduleId) {
    return redis.send(Request.cmd(Command.HGETALL).arg(seatsKey(scheduleId))).map(SeatMap::toStates);
  }

  private static Map<Long, String> toStates(Response reply) {
    Map<Long, String> states = new HashMap<>();
    if (reply != null) {
      for (String seatId : reply.getKeys()) {
        states.put(Long.parseLong(seatId), reply.get(seatId).toString());
      }
    }
    return states;
  }

  private static Object[] flatten(String key, Map<Long, String> states) {
    List<Object> args = new ArrayList<>(1 + states.size() * 2);
    args.add(key);
    states.forEach((seat, state) -> {
      args.add(seat);
      args.add(state);
    });
    return args.toArray();
  }
}
