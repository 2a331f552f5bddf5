package io.ticketping.queue;

import io.ticketping.shared.queue.QueueStatus;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The waiting room of every show, kept in Redis. Each state change is one Lua script over the keys of one show
 * (one hash tag, so one cluster slot), which makes every operation atomic however many instances call it at once.
 * Unknown shows fail with a 404 {@link ProblemException}.
 */
public final class WaitingRoom {

  private static final LuaScript CONFIGURE = script("configure");
  private static final LuaScript ENTER = entering("enter");
  private static final LuaScript ENTER_MANY = entering("enter_many");
  private static final LuaScript STATUS = keepingHeartbeats("status");
  private static final LuaScript LEAVE = logging("leave");
  private static final LuaScript RELEASE = script("release");
  private static final LuaScript ADMIT = sweeping("admit");
  private static final LuaScript PAUSE = script("pause");
  private static final LuaScript RESUME = script("resume");
  private static final LuaScript CLOSE = script("close");
  private static final LuaScript DRAIN = script("drain");
  private static final LuaScript SEATS = script("seats");
  private static final LuaScript STATS = script("stats");
  private static final LuaScript PASS = script("pass");
  private static final LuaScript POSITIONS = script("positions");
  private static final LuaScript HEARTBEAT = keepingHeartbeats("heartbeat");
  private static final LuaScript LIVE = script("live");
  private static final LuaScript END = script("end");
  private static final LuaScript REVIVE = script("revive");
  private static final String HEARTBEATS_LIBRARY = "lua/queue/lib/heartbeats.lua";
  /** The line's change log (in shared, which owns the line's layout). */
  private static final String LOG_LIBRARY = "lua/queue/lib/log.lua";
  /**
   * How long the line's change log keeps an entry: a reader of the line (a gateway reads at every tick of a show
   * polled there) that falls further behind rebuilds its copy from the line instead.
   */
  static final long LOG_KEEP_MILLIS = 60_000;
  private static final String NO_QUEUE = "NOQUEUE";
  private static final int KEY_COUNT = 8;

  private final Redis redis;
  private final int idleChecksPerTick;
  private final long logKeepMillis;

  /** {@code idleChecksPerTick}: most waiters one tick checks for silence (bounds the tick's time in Redis). */
  public WaitingRoom(Redis redis, int idleChecksPerTick) {
    this(redis, idleChecksPerTick, LOG_KEEP_MILLIS);
  }

  /** As above, with the time the line's change log keeps an entry (tests shorten it). */
  WaitingRoom(Redis redis, int idleChecksPerTick, long logKeepMillis) {
    this.redis = redis;
    this.idleChecksPerTick = idleChecksPerTick;
    this.logKeepMillis = logKeepMillis;
  }

  /**
   * Creates or changes a show's queue and lists it for the tickers. A queue whose show ended ({@link #end}) is
   * restarted: it reopens and its keys no longer expire.
   */
  public Future<QueueStats> configure(String showId, QueueSettings settings) {
    return call(CONFIGURE, showId, settings.scriptArgs())
      .compose(r -> revive(showId))
      .compose(v -> list(showId))
      .compose(v -> stats(showId));
  }

  public Future<QueueStatus> enter(String showId, long userId) {
    return call(ENTER, showId, userId).map(r -> entered(showId, r));
  }

  /**
   * Puts many users of one show in line in one script call, in the order given. Each user's outcome is the status
   * {@link #enter} would answer (CLOSED or SOLD_OUT for someone refused), or the failure it would fail with (no
   * queue).
   */
  public Future<List<Future<QueueStatus>>> enterAll(String showId, List<Long> userIds) {
    return call(ENTER_MANY, showId, userIds.toArray()).map(r -> {
      List<Future<QueueStatus>> outcomes = new ArrayList<>(r.size());
      for (Response reply : r) {
        try {
          outcomes.add(Future.succeededFuture(entered(showId, reply)));
        } catch (ProblemException e) {
          outcomes.add(Future.failedFuture(e));
        }
      }
      return outcomes;
    });
  }

  private static QueueStatus entered(String showId, Response r) {
    return QueueStatus.fromReply(requireQueue(showId, r.get(0).toString(), r));
  }

  /** The user's place; counts as a heartbeat. Fails with 404 when the user is not in line. */
  public Future<QueueStatus> status(String showId, long userId) {
    return call(STATUS, showId, userId).map(r -> {
      QueueStatus status = QueueStatus.fromReply(requireQueue(showId, r.get(0).toString(), r));
      if (QueueStatus.NONE.equals(status.status())) {
        throw Problem.notFound("User " + userId + " is not in the queue of show " + showId + ".").toException();
      }
      return status;
    });
  }

  /** Whether the user held a place (waiting, pre-queued or working) that is now given up. */
  public Future<Boolean> leave(String showId, long userId) {
    return call(LEAVE, showId, userId).map(r -> flag(showId, r));
  }

  /** Whether the user held a working slot that is now free. */
  public Future<Boolean> release(String showId, long userId) {
    return call(RELEASE, showId, userId).map(r -> flag(showId, r));
  }

  public Future<QueueStats> pause(String showId) {
    return call(PAUSE, showId).compose(r -> stateChanged(showId, r));
  }

  /** Reopens a paused, closed or draining queue, also one whose show ended (as {@link #configure} does). */
  public Future<QueueStats> resume(String showId) {
    return call(RESUME, showId).compose(r -> {
      requireQueue(showId, r.toString(), r);
      return revive(showId).compose(v -> list(showId)).compose(v -> stats(showId));
    });
  }

  /** No arrivals and no admission; waiters keep their places and are told the queue is closed. */
  public Future<QueueStats> close(String showId) {
    return call(CLOSE, showId).compose(r -> stateChanged(showId, r));
  }

  /** No arrivals; the line already waiting is still admitted in order (a closed queue's too: it is listed again). */
  public Future<QueueStats> drain(String showId) {
    return call(DRAIN, showId).compose(r -> {
      requireQueue(showId, r.toString(), r);
      return list(showId).compose(v -> stats(showId));
    });
  }

  /**
   * The show ended: its queue closes, leaves the tickers' list, and every key of it expires at {@code expireAtMillis}
   * (sooner if it already would). False when the show has no queue. Idempotent.
   */
  public Future<Boolean> end(String showId, long expireAtMillis) {
    return END.call(redis, QueueKeys.all(showId).size() + 1, everyKey(showId, expireAtMillis)).compose(r ->
      NO_QUEUE.equals(r.toString()) ? Future.succeededFuture(false) : unlist(showId).map(true));
  }

  /**
   * Records booking's count of the show's seats on sale and held (see {@code seats.lua}); {@code {applied, soldOut}}
   * where applied is false for a count older than the one recorded. Fails with 404 when the show has no queue.
   */
  public Future<JsonObject> seats(String showId, long available, long held, long version) {
    return call(SEATS, showId, available, held, version).map(r -> {
      requireQueue(showId, r.get(0).toString(), r);
      String soldOut = r.get(0).toString();
      return new JsonObject().put("applied", r.get(1).toLong() == 1)
        .put("soldOut", soldOut.isEmpty() ? null : soldOut);
    });
  }

  public Future<QueueStats> stats(String showId) {
    return call(STATS, showId).map(r -> QueueStats.fromReply(showId, requireQueue(showId, r.get(0).toString(), r)));
  }

  /** The pass expiry in epoch ms when the user holds a live queue pass, else {@code null}. */
  public Future<Long> passExpiry(String showId, long userId) {
    return call(PASS, showId, userId).map(r -> {
      long expiry = r.toLong();
      requireQueue(showId, expiry < 0 ? NO_QUEUE : "", r);
      return expiry > 0 ? expiry : null;
    });
  }

  /** The places of many users in one call, by user id in the order given; users not in line are NONE. */
  public Future<Positions> positions(String showId, List<Long> userIds) {
    return call(POSITIONS, showId, userIds.toArray()).map(r -> {
      requireQueue(showId, r.get(0).toString(), r);
      String state = r.get(0).toString();
      long waiting = r.get(1).toLong();
      long preQueued = r.get(2).toLong();
      String soldOut = r.get(6).toString();
      Map<Long, QueueStatus> users = new LinkedHashMap<>();
      for (int i = 0; i < userIds.size(); i++) {
        String code = r.get(7 + 2 * i).toString();
        long total = QueueStatus.PREQUEUE.equals(code) ? preQueued : waiting;
        users.put(userIds.get(i), QueueStatus.of(code, r.get(8 + 2 * i).toLong(), total, state,
          r.get(3).toLong(), r.get(4).toLong(), r.get(5).toLong(), soldOut));
      }
      return new Positions(state, users);
    });
  }

  /** Refreshes the heartbeat of those of {@code userIds} who wait; answers how many did. */
  public Future<Long> heartbeat(String showId, List<Long> userIds) {
    return call(HEARTBEAT, showId, userIds.toArray()).map(r -> {
      long refreshed = r.toLong();
      requireQueue(showId, refreshed < 0 ? NO_QUEUE : "", r);
      return refreshed;
    });
  }

  /** One admission tick of one show (see {@code admit.lua}). */
  public Future<TickResult> tick(String showId) {
    int seed = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    return call(ADMIT, showId, seed, idleChecksPerTick, logKeepMillis)
      .map(r -> TickResult.fromReply(showId, requireQueue(showId, r.get(0).toString(), r)));
  }

  /** The ids of every configured show. */
  public Future<List<String>> shows() {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(QueueKeys.SHOWS)).map(r -> {
      List<String> shows = new ArrayList<>(r.size());
      r.forEach(show -> shows.add(show.toString()));
      return shows;
    });
  }

  /** Takes a show off the tickers' list (its queue is gone). */
  public Future<Void> forget(String showId) {
    return redis.send(Request.cmd(Command.SREM).arg(QueueKeys.SHOWS).arg(showId)).mapEmpty();
  }

  /**
   * Takes a show that has nothing left to tick (see {@code live.lua}) off the tickers' list. The list is in a slot of
   * its own, so this cannot be one script with the check: the show is checked again after leaving the list and put
   * back if an admin brought it back meanwhile ({@link #list} checks after the admin's change, so one of the two
   * always sees it).
   */
  public Future<Void> unlist(String showId) {
    return forget(showId).compose(v -> list(showId));
  }

  /** Puts the show on the tickers' list when it is live (see {@code live.lua}). */
  private Future<Void> list(String showId) {
    return call(LIVE, showId).compose(live -> live.toLong() == 1
      ? redis.send(Request.cmd(Command.SADD).arg(QueueKeys.SHOWS).arg(showId)).mapEmpty()
      : Future.succeededFuture());
  }

  /** Undoes {@link #end} after a configure or resume: the show is not ended any more, its keys no longer expire. */
  private Future<Void> revive(String showId) {
    return REVIVE.call(redis, QueueKeys.all(showId).size() + 1, everyKey(showId)).mapEmpty();
  }

  /** The show's meta key, then every key of the show, then {@code args}: the keys of end.lua and revive.lua. */
  private static Object[] everyKey(String showId, Object... args) {
    List<Object> keysAndArgs = new ArrayList<>();
    keysAndArgs.add(QueueKeys.meta(showId));
    keysAndArgs.addAll(QueueKeys.all(showId));
    keysAndArgs.addAll(List.of(args));
    return keysAndArgs.toArray();
  }

  private Future<QueueStats> stateChanged(String showId, Response state) {
    requireQueue(showId, state.toString(), state);
    return stats(showId);
  }

  private Future<Response> call(LuaScript script, String showId, Object... args) {
    Object[] keysAndArgs = new Object[KEY_COUNT + args.length];
    keysAndArgs[0] = QueueKeys.seq(showId);
    keysAndArgs[1] = QueueKeys.waiting(showId);
    keysAndArgs[2] = QueueKeys.working(showId);
    keysAndArgs[3] = QueueKeys.meta(showId);
    keysAndArgs[4] = QueueKeys.pre(showId);
    keysAndArgs[5] = QueueKeys.beats(showId);
    keysAndArgs[6] = QueueKeys.admits(showId);
    keysAndArgs[7] = QueueKeys.log(showId);
    System.arraycopy(args, 0, keysAndArgs, KEY_COUNT, args.length);
    return script.call(redis, KEY_COUNT, keysAndArgs);
  }

  private static boolean flag(String showId, Response r) {
    long value = r.toLong();
    requireQueue(showId, value < 0 ? NO_QUEUE : "", r);
    return value == 1;
  }

  private static Response requireQueue(String showId, String code, Response reply) {
    if (NO_QUEUE.equals(code)) {
      throw noQueue(showId).toException();
    }
    return reply;
  }

  static Problem noQueue(String showId) {
    return Problem.notFound("There is no queue for show " + showId + ".");
  }

  private static LuaScript script(String name) {
    return LuaScript.fromResource(WaitingRoom.class, "lua/queue/" + name + ".lua");
  }

  /** A script that records or checks heartbeats: it runs with the heartbeat library before it. */
  private static LuaScript keepingHeartbeats(String name) {
    return LuaScript.withLibraries(WaitingRoom.class, "lua/queue/" + name + ".lua", HEARTBEATS_LIBRARY);
  }

  /** A script that takes waiters out of the line other than at its head: it logs them for the line's readers. */
  private static LuaScript logging(String name) {
    return LuaScript.withLibraries(WaitingRoom.class, "lua/queue/" + name + ".lua", LOG_LIBRARY);
  }

  /** A script that drops silent waiters: the heartbeat library, and the log library for their departures. */
  private static LuaScript sweeping(String name) {
    return LuaScript.withLibraries(WaitingRoom.class, "lua/queue/" + name + ".lua", HEARTBEATS_LIBRARY,
      LOG_LIBRARY);
  }

  /** A script that puts users in line: the entry library, and the heartbeat library it uses. */
  private static LuaScript entering(String name) {
    return LuaScript.withLibraries(WaitingRoom.class, "lua/queue/" + name + ".lua", HEARTBEATS_LIBRARY,
      "lua/queue/lib/enter.lua");
  }
}
