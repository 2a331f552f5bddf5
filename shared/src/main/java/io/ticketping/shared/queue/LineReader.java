package io.ticketping.shared.queue;

import io.ticketping.shared.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

/**
 * Keeps {@link LineView}s up to date by the changes of their lines ({@code lua/queue/line/changes.lua}): one script
 * call per refresh, whose work in Redis is O(changes since the last one), whatever the line's length. A view that
 * knows nothing yet, or whose cursor fell out of the trimmed log, is rebuilt from the line read by ticket in slices of
 * {@code arrivalsPerCall} (up to {@value #CALLS_PER_REFRESH} calls per refresh, then on at the next), while the log
 * tells what left meanwhile; the positions of the waiters it knows are exact all along. A big reply is parsed and
 * applied on a worker, so an event loop never spends milliseconds on it.
 */
public final class LineReader {

  /** Arrivals per call: one call stays short however long the line. */
  public static final int ARRIVALS_PER_CALL = 50_000;
  /** Log entries per call (an entry is one leave, or one tick's idle waiters). */
  public static final int LOG_ENTRIES_PER_CALL = 10_000;
  private static final int CALLS_PER_REFRESH = 4;
  /** Replies whose lists are longer than this (about 2,000 changes) are handled on a worker. */
  private static final int INLINE_BYTES = 32 * 1024;
  private static final LuaScript CHANGES = LuaScript.fromResource(LineReader.class, "lua/queue/line/changes.lua");
  private static final String NO_QUEUE = "NOQUEUE";

  private final Vertx vertx;
  private final Redis redis;
  private final int arrivalsPerCall;
  private final int logEntriesPerCall;

  public LineReader(Vertx vertx, Redis redis) {
    this(vertx, redis, ARRIVALS_PER_CALL, LOG_ENTRIES_PER_CALL);
  }

  public LineReader(Vertx vertx, Redis redis, int arrivalsPerCall, int logEntriesPerCall) {
    this.vertx = vertx;
    this.redis = redis;
    this.arrivalsPerCall = arrivalsPerCall;
    this.logEntriesPerCall = logEntriesPerCall;
  }

  /**
   * The SHA-1 of the script every refresh runs ({@code EVALSHA <sha1> ...}): Redis counts every script under
   * {@code cmdstat_evalsha}, so a measurement of the readers' Redis time picks their calls out of the slow log by it.
   */
  public static String scriptSha1() {
    return CHANGES.sha1();
  }

  /**
   * Brings {@code view} up to date with the show's line; {@code takenAt} is now (epoch ms). Completes with false when
   * the show has no queue (the view is then left as it was). One refresh at a time per view.
   */
  public Future<Boolean> refresh(String showId, LineView view, long takenAt) {
    return refresh(showId, view, takenAt, CALLS_PER_REFRESH);
  }

  private Future<Boolean> refresh(String showId, LineView view, long takenAt, int callsLeft) {
    return read(showId, view.cursor(), view.lastSeq()).compose(reply -> {
      if (NO_QUEUE.equals(reply.get(0).toString())) {
        return Future.succeededFuture(false);
      }
      Future<Void> applied;
      if (LineChanges.listBytes(reply) <= INLINE_BYTES) {
        view.apply(LineChanges.of(reply, takenAt));
        applied = Future.succeededFuture();
      } else {
        applied = vertx.executeBlocking(() -> {
          view.apply(LineChanges.of(reply, takenAt));
          return null;
        }, false);
      }
      return applied.compose(v -> view.caughtUp() || callsLeft <= 1 ? Future.succeededFuture(true)
        : refresh(showId, view, takenAt, callsLeft - 1));
    });
  }

  /**
   * One call of the script, with the cursor ({@code ""} to start over) and the last ticket looked at: the raw reply
   * (see the script's header).
   */
  public Future<Response> read(String showId, String cursor, long lastSeq) {
    return CHANGES.call(redis, 5, QueueKeys.seq(showId), QueueKeys.waiting(showId), QueueKeys.meta(showId), QueueKeys.pre(showId), QueueKeys.log(showId), cursor, lastSeq, arrivalsPerCall,
      logEntriesPerCall);
  }
}
