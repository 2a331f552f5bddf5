package io.ticketping.booking;

import io.ticketping.shared.breaker.Hop;
import io.ticketping.shared.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Redis seat map of each schedule ({@code seats:{scheduleId}}: seatId → AVAILABLE | HELD:orderId | SOLD), its
 * holds by expiry ({@code holds:{scheduleId}}), and its buyers' ticket counts ({@code buyers:{scheduleId}}: userId →
 * seats held or bought, and the show's limit; {@code counted:{scheduleId}}: the orders counted there, so each is
 * taken off once). Every key of a schedule shares its hash tag, so every script stays in one Redis Cluster slot. The
 * map is a fast gate and a cache: PostgreSQL decides, and a missing map is re-warmed from it, counts and all. Once the
 * schedule's show ended its keys expire ({@link #expire}; {@link EndedShows}), and a map warmed after that lives for
 * the same retention from its warm.
 */
final class SeatMap {

  static final String AVAILABLE = "AVAILABLE";

  private static final LuaScript HOLD = LuaScript.fromResource(SeatMap.class, "lua/booking/hold.lua");
  private static final LuaScript RELEASE = counting("release");
  private static final LuaScript WARM = LuaScript.fromResource(SeatMap.class, "lua/booking/warm.lua");
  private static final LuaScript SELL = counting("sell");
  private static final LuaScript UNSELL = counting("unsell");
  private static final LuaScript RESYNC = LuaScript.fromResource(SeatMap.class, "lua/booking/resync.lua");
  private static final LuaScript CONFIRM = counting("confirm");
  private static final LuaScript RELEASE_STALE = counting("release_stale");
  private static final LuaScript EXPIRE = LuaScript.fromResource(SeatMap.class, "lua/booking/expire.lua");

  private final Redis redis;
  private final Catalogue catalogue;
  private final Duration endedRetention;
  private final Hop breaker;

  /** {@code endedRetention}: how long the keys of a show that ended are kept (booking.endedShowRetentionSeconds). */
  SeatMap(Redis redis, Catalogue catalogue, Duration endedRetention) {
    this(redis, catalogue, endedRetention, null);
  }

  /**
   * As {@link #SeatMap(Redis, Catalogue, Duration)}, every Redis call behind {@code breaker}: while Redis fails, the
   * map's callers (holds, seat maps, the sweeper) are refused at once with a 503 instead of each waiting on Redis.
   */
  SeatMap(Redis redis, Catalogue catalogue, Duration endedRetention, Hop breaker) {
    this.redis = redis;
    this.catalogue = catalogue;
    this.endedRetention = endedRetention;
    this.breaker = breaker;
  }

  static String seatsKey(long scheduleId) {
    return "seats:{" + scheduleId + "}";
  }

  static String holdsKey(long scheduleId) {
    return "holds:{" + scheduleId + "}";
  }

  static String buyersKey(long scheduleId) {
    return "buyers:{" + scheduleId + "}";
  }

  static String countedKey(long scheduleId) {
    return "counted:{" + scheduleId + "}";
  }

  /**
   * The outcome of a hold attempt in Redis: held; or refused, with the seats that were not available, or with the
   * buyer's ticket limit when it would be passed.
   */
  record HoldResult(boolean held, List<Long> taken, TicketLimit overLimit) {

    static HoldResult takenSeats(List<Long> taken) {
      return new HoldResult(false, taken, null);
    }
  }

  /** Holds all seats for the order, or none; warms a cold map from PostgreSQL first. */
  Future<HoldResult> hold(long scheduleId, String orderId, long expiresAtMillis, long userId, List<Long> seatIds) {
    return tryHold(scheduleId, orderId, expiresAtMillis, userId, seatIds).compose(result -> result != null
      ? Future.succeededFuture(result)
      : warm(scheduleId).compose(v -> tryHold(scheduleId, orderId, expiresAtMillis, userId, seatIds))
        .map(retried -> retried != null ? retried : HoldResult.takenSeats(seatIds)));
  }

  private Future<HoldResult> tryHold(long scheduleId, String orderId, long expiresAtMillis, long userId,
                                     List<Long> seatIds) {
    List<Object> args = new ArrayList<>(keys(scheduleId));
    args.addAll(List.of(orderId, expiresAtMillis, userId));
    args.addAll(seatIds);
    return guarded(() -> HOLD.call(redis, 4, args.toArray())).map(reply -> switch (reply.get(0).toString()) {
      case "OK" -> new HoldResult(true, List.of(), null);
      case "LIMIT" -> new HoldResult(false, List.of(),
        new TicketLimit(reply.get(2).toInteger(), reply.get(1).toInteger()));
      case "TAKEN" -> {
        List<Long> taken = new ArrayList<>();
        for (int i = 1; i < reply.size(); i++) {
          taken.add(reply.get(i).toLong());
        }
        yield HoldResult.takenSeats(taken);
      }
      default -> null; // COLD
    });
  }

  /**
   * Puts the seats that this order still holds back on sale, forgets its hold, and takes its seats off its buyer's
   * count (once, however often it is released).
   */
  Future<Void> release(long scheduleId, String orderId, List<Long> seatIds) {
    List<Object> args = new ArrayList<>(keys(scheduleId));
    args.add(orderId);
    args.addAll(seatIds);
    return guarded(() -> RELEASE.call(redis, 4, args.toArray())).mapEmpty();
  }

  /** Shows the order's seats as SOLD (after PostgreSQL recorded the sale); they stay on the buyer's count. */
  Future<Void> sell(long scheduleId, String orderId, long userId, List<Long> seatIds) {
    List<Object> args = new ArrayList<>(keys(scheduleId));
    args.addAll(List.of(orderId, userId));
    args.addAll(seatIds);
    return guarded(() -> SELL.call(redis, 4, args.toArray())).mapEmpty();
  }

  /**
   * Shows a refunded order's seats AVAILABLE again (after PostgreSQL put them back on sale) and takes them off its
   * buyer's count, once.
   */
  Future<Void> unsell(long scheduleId, String orderId, List<Long> seatIds) {
    List<Object> args = new ArrayList<>(keys(scheduleId));
    args.add(orderId);
    args.addAll(seatIds);
    return guarded(() -> UNSELL.call(redis, 4, args.toArray())).mapEmpty();
  }

  /** Frees the seats of holds that expired before {@code cutOffMillis} but were never released here. */
  Future<Integer> releaseStale(long scheduleId, long cutOffMillis) {
    List<Object> args = new ArrayList<>(keys(scheduleId));
    args.add(cutOffMillis);
    return guarded(() -> RELEASE_STALE.call(redis, 4, args.toArray())).map(Response::toInteger);
  }

  /**
   * Marks the seats of a hold that PostgreSQL has just committed as held again, in case the map was flushed and
   * re-warmed while the hold was on its way: its marks went with the old map, and the re-warm read the seats before
   * the commit. Nothing changes when the marks are there (the usual case) or the map is cold.
   */
  Future<Integer> confirm(long scheduleId, String orderId, long expiresAtMillis, long userId, List<Long> seatIds) {
    List<Object> args = new ArrayList<>(keys(scheduleId));
    args.addAll(List.of(orderId, expiresAtMillis, userId));
    args.addAll(seatIds);
    return guarded(() -> CONFIRM.call(redis, 4, args.toArray())).map(Response::toInteger);
  }

  /** Writes PostgreSQL's current states of these seats over the map (after PostgreSQL refused a hold); those states. */
  Future<Map<Long, String>> resync(long scheduleId, List<Long> seatIds) {
    return catalogue.withSeatStatesLocked(scheduleId, seatIds,
      states -> guarded(() -> RESYNC.call(redis, 1, flatten(seatsKey(scheduleId), states))).map(states));
  }

  /** Every seat's state, warming a cold map from PostgreSQL. */
  Future<Map<Long, String>> states(long scheduleId) {
    return hgetall(scheduleId).compose(states -> !states.isEmpty()
      ? Future.succeededFuture(states)
      : warm(scheduleId).compose(v -> hgetall(scheduleId)));
  }

  /**
   * Sets every key of the schedule to expire at {@code expireAtMillis}, unless one expires sooner already (its show
   * ended); how many got this expiry.
   */
  Future<Integer> expire(long scheduleId, long expireAtMillis) {
    List<Object> args = new ArrayList<>(keys(scheduleId));
    args.add(expireAtMillis);
    return guarded(() -> EXPIRE.call(redis, 4, args.toArray())).map(Response::toInteger);
  }

  /** Loads the seat map and the buyers' counts from PostgreSQL, read while no seat of the schedule can change there. */
  private Future<Void> warm(long scheduleId) {
    return catalogue.withSeatMapLocked(scheduleId, snapshot -> snapshot.states().isEmpty()
      ? Future.succeededFuture()
      : guarded(() -> WARM.call(redis, 3, warmArgs(scheduleId, snapshot))).mapEmpty());
  }

  private Object[] warmArgs(long scheduleId, Catalogue.SeatMapSnapshot snapshot) {
    List<Object> args = new ArrayList<>(List.of(seatsKey(scheduleId), buyersKey(scheduleId), countedKey(scheduleId),
      snapshot.ticketLimit(), snapshot.showEnded() ? endedRetention.toMillis() : 0, snapshot.states().size()));
    snapshot.states().forEach((seat, state) -> {
      args.add(seat);
      args.add(state);
    });
    for (Catalogue.CountedOrder order : snapshot.orders()) {
      args.addAll(List.of(order.orderId(), order.userId(), order.seats()));
    }
    return args.toArray();
  }

  private <T> Future<T> guarded(Supplier<Future<T>> call) {
    return breaker == null ? call.get() : breaker.call(call);
  }

  /** A script of {@code lua/booking/} that counts or uncounts buyers' seats, with the library that does it. */
  private static LuaScript counting(String name) {
    return LuaScript.withLibraries(SeatMap.class, "lua/booking/" + name + ".lua", "lua/booking/lib/buyer_counts.lua");
  }

  private static List<String> keys(long scheduleId) {
    return List.of(seatsKey(scheduleId), holdsKey(scheduleId), buyersKey(scheduleId), countedKey(scheduleId));
  }

  private Future<Map<Long, String>> hgetall(long scheduleId) {
    return guarded(() -> redis.send(Request.cmd(Command.HGETALL).arg(seatsKey(scheduleId)))).map(SeatMap::toStates);
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
