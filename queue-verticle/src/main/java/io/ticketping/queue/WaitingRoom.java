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
import java.util.Collections;
import java.util.List;
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
  private static final String ARRIVALS_LIBRARY = "lua/queue/lib/arrivals.lua";
  /** The reply element after an entry's status that says the entry admitted the user straight in. */
  private static final String NEW_ADMISSION = "NEW";
  /** The line's change log (in shared, which owns the line's layout). */
  private static final String LOG_LIBRARY = "lua/queue/lib/log.lua";
  /**
   * How long the line's change log keeps an entry: a reader of the line (a gateway reads at every tick of a show
   * polled there) that falls further behind rebuilds its copy from the line instead.
   */
  static final long LOG_KEEP_MILLIS = 60_000;
  private static final int KEY_COUNT = 9;

  private final Redis redis;
  private final int idleChecksPerTick;
  private final long logKeepMillis;
  private final LineOutcomes outcomes;

  /** {@code idleChecksPerTick}: most waiters one tick checks for silence (bounds the tick's time in Redis). */
  public WaitingRoom(Redis redis, int idleChecksPerTick) {
    this(redis, idleChecksPerTick, LOG_KEEP_MILLIS, LineOutcomes.NONE);
  }

  /** As above, telling {@code outcomes} what becomes of the places. */
  WaitingRoom(Redis redis, int idleChecksPerTick, LineOutcomes outcomes) {
    this(redis, idleChecksPerTick, LOG_KEEP_MILLIS, outcomes);
  }

  /** As above, with the time the line's change log keeps an entry (tests shorten it). */
  WaitingRoom(Redis redis, int idleChecksPerTick, long logKeepMillis) {
    this(redis, idleChecksPerTick, logKeepMillis, LineOutcomes.NONE);
  }

  private WaitingRoom(Redis redis, int idleChecksPerTick, long logKeepMillis, LineOutcomes outcomes) {
    this.redis = redis;
    this.idleChecksPerTick = idleChecksPerTick;
    this.logKeepMillis = logKeepMillis;
    this.outcomes = outcomes;
  }

  /**
   * Creates or changes a show's queue and lists it for the tickers. A queue whose show ended ({@link #end}) is
   * restarted: it reopens and its keys no longer expire.
   */
  public Future<QueueStats> configure(String showId, QueueSettings settings) {
    return call(CONFIGURE, showId, settings.scriptArgs(false))
      .compose(r -> revive(showId))
      .compose(v -> list(showId))
      .compose(v -> stats(showId));
  }

  /**
   * Creates a show's queue unless it has one, which is left as it is: the set-up of a new show, which may be retried
   * (an attempt that timed out may still arrive) and must never restart a queue that has been ended meanwhile.
   */
  public Future<QueueStats> setUp(String showId, QueueSettings settings) {
    return call(CONFIGURE, showId, settings.scriptArgs(true))
      .compose(r -> r.get(1).toInteger() == 1 ? list(showId) : Future.succeededFuture())
      .compose(v -> stats(showId));
  }

  public Future<QueueStatus> enter(String showId, long userId) {
    return onQueue(ENTER, showId, userId).map(r -> {
      if (admittedNow(r)) {
        outcomes.admitted(showId, List.of(userId), List.of(0L));
      }
      return QueueStatus.fromReply(r);
    });
  }

  /**
   * Puts many users of one show in line in one script call, in the order given. Each user's outcome is the status
   * {@link #enter} would answer (CLOSED or SOLD_OUT for someone refused), or the failure it would fail with (no
   * queue).
   */
  public Future<List<Future<QueueStatus>>> enterAll(String showId, List<Long> userIds) {
    return call(ENTER_MANY, showId, userIds.toArray()).map(r -> {
      List<Future<QueueStatus>> entries = new ArrayList<>(r.size());
      List<Long> admitted = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        Response reply = r.get(i);
        try {
          entries.add(Future.succeededFuture(entered(showId, reply)));
          if (admittedNow(reply)) {
            admitted.add(userIds.get(i));
          }
        } catch (ProblemException e) {
          entries.add(Future.failedFuture(e));
        }
      }
      if (!admitted.isEmpty()) {
        outcomes.admitted(showId, admitted, Collections.nCopies(admitted.size(), 0L));
      }
      return entries;
    });
  }

  /** Whether an entry's reply says it admitted the user straight in (not: already admitted). */
  private static boolean admittedNow(Response reply) {
    return reply.size() > 8 && NEW_ADMISSION.equals(reply.get(8).toString());
  }

  private static QueueStatus entered(String showId, Response r) {
    return QueueStatus.fromReply(NoQueueReply.require(showId, r));
  }

  /** The user's place; counts as a heartbeat. Fails with 404 when the user is not in line. */
  public Future<QueueStatus> status(String showId, long userId) {
    return onQueue(STATUS, showId, userId).map(r -> {
      QueueStatus status = QueueStatus.fromReply(r);
      if (QueueStatus.NONE.equals(status.status())) {
        throw Problem.notFound("User " + userId + " is not in the queue of show " + showId + ".").toException();
      }
      return status;
    });
  }

  /** Whether the user held a place (waiting, pre-queued or working) that is now given up. */
  public Future<Boolean> leave(String showId, long userId) {
    return onQueue(LEAVE, showId, userId).map(r -> {
      long gaveUp = r.toLong();
      if (gaveUp == 2) {
        outcomes.left(showId, userId);
      }
      return gaveUp > 0;
    });
  }

  /** Whether the user held a working slot that is now free. */
  public Future<Boolean> release(String showId, long userId) {
    return onQueue(RELEASE, showId, userId).map(r -> r.toLong() == 1);
  }

  public Future<QueueStats> pause(String showId) {
    return onQueue(PAUSE, showId).compose(r -> stats(showId));
  }

  /** Reopens a paused, closed or draining queue, also one whose show ended (as {@link #configure} does). */
  public Future<QueueStats> resume(String showId) {
    return onQueue(RESUME, showId)
      .compose(r -> revive(showId))
      .compose(v -> list(showId))
      .compose(v -> stats(showId));
  }

  /** No arrivals and no admission; waiters keep their places and are told the queue is closed. */
  public Future<QueueStats> close(String showId) {
    return onQueue(CLOSE, showId).compose(r -> stats(showId));
  }

  /** No arrivals; the line already waiting is still admitted in order (a closed queue's too: it is listed again). */
  public Future<QueueStats> drain(String showId) {
    return onQueue(DRAIN, showId).compose(r -> list(showId)).compose(v -> stats(showId));
  }

  /**
   * The show ended: its queue closes, leaves the tickers' list, and every key of it expires at {@code expireAtMillis}
   * (sooner if it already would). False when the show has no queue. Idempotent.
   */
  public Future<Boolean> end(String showId, long expireAtMillis) {
    return END.call(redis, QueueKeys.all(showId).size() + 1, everyKey(showId, expireAtMillis)).compose(r ->
      NoQueueReply.is(r) ? Future.succeededFuture(false) : unlist(showId).map(true));
  }

  /**
   * Records booking's count of the show's seats on sale and held (see {@code seats.lua}); {@code {applied, soldOut}}
   * where applied is false for a count older than the one recorded. Fails with 404 when the show has no queue.
   */
  public Future<JsonObject> seats(String showId, long available, long held, long version) {
    return onQueue(SEATS, showId, available, held, version).map(r -> SeatsRecorded.fromReply(r).toJson());
  }

  public Future<QueueStats> stats(String showId) {
    return onQueue(STATS, showId).map(r -> QueueStats.fromReply(showId, r));
  }

  /** The pass expiry in epoch ms when the user holds a live queue pass, else {@code null}. */
  public Future<Long> passExpiry(String showId, long userId) {
    return onQueue(PASS, showId, userId).map(r -> {
      long expiry = r.toLong();
      return expiry > 0 ? expiry : null;
    });
  }

  /** The places of many users in one call, by user id in the order given; users not in line are NONE. */
  public Future<Positions> positions(String showId, List<Long> userIds) {
    return onQueue(POSITIONS, showId, userIds.toArray()).map(r -> Positions.fromReply(userIds, r));
  }

  /** Refreshes the heartbeat of those of {@code userIds} who wait; answers how many did. */
  public Future<Long> heartbeat(String showId, List<Long> userIds) {
    return onQueue(HEARTBEAT, showId, userIds.toArray()).map(Response::toLong);
  }

  /** One admission tick of one show (see {@code admit.lua}). */
  public Future<TickResult> tick(String showId) {
    int seed = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    return onQueue(ADMIT, showId, seed, idleChecksPerTick, logKeepMillis).map(r -> {
      TickResult result = TickResult.fromReply(showId, r);
      if (!result.admitted().isEmpty()) {
        outcomes.admitted(showId, result.admitted(), result.waitMillis());
      }
      if (!result.ghosts().isEmpty()) {
        outcomes.timedOut(showId, result.ghosts());
      }
      return result;
    });
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

  /** Runs a script over the show's keys; fails with 404 when it answers that the show has no queue. */
  private Future<Response> onQueue(LuaScript script, String showId, Object... args) {
    return call(script, showId, args).map(r -> NoQueueReply.require(showId, r));
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
    keysAndArgs[8] = QueueKeys.arrivals(showId);
    System.arraycopy(args, 0, keysAndArgs, KEY_COUNT, args.length);
    return script.call(redis, KEY_COUNT, keysAndArgs);
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

  /**
   * A script that drops silent waiters and admits: the heartbeat library, the log library for their departures, and
   * the arrival clock for the admitted users' waits.
   */
  private static LuaScript sweeping(String name) {
    return LuaScript.withLibraries(WaitingRoom.class, "lua/queue/" + name + ".lua", HEARTBEATS_LIBRARY,
      LOG_LIBRARY, ARRIVALS_LIBRARY);
  }

  /** A script that puts users in line: the entry library, and the heartbeat and arrival libraries it uses. */
  private static LuaScript entering(String name) {
    return LuaScript.withLibraries(WaitingRoom.class, "lua/queue/" + name + ".lua", HEARTBEATS_LIBRARY,
      ARRIVALS_LIBRARY, "lua/queue/lib/enter.lua");
  }
}
