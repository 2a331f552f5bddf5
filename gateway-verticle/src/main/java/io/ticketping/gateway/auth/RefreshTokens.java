package io.ticketping.gateway.auth;

import io.ticketping.shared.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * The sessions in Redis and their refresh tokens, one family per session ({@code lua/auth/session_*.lua}). A session's
 * record ({@code sess:{sid}}) names its user, the digest of its one current refresh token and its absolute end; the
 * digests of the tokens it has used are kept beside it ({@code sess:{sid}:used}, same hash tag, so each script stays on
 * one Redis Cluster slot), so a used token presented again is recognised as such. Each user's sessions are indexed in
 * {@code sess:user:<id>} (a sorted set scored by each session's end) for "log out everywhere".
 */
final class RefreshTokens {

  /**
   * Used tokens remembered per session, newest first: more than a month of rotations at one per 15-minute access
   * token. An older one presented again is refused as unknown, without ending the session.
   */
  static final int USED_REMEMBERED = 3000;

  private static final LuaScript OPEN = LuaScript.fromResource(RefreshTokens.class, "lua/auth/session_open.lua");
  private static final LuaScript ROTATE = LuaScript.fromResource(RefreshTokens.class, "lua/auth/session_rotate.lua");
  private static final LuaScript HOLDER = LuaScript.fromResource(RefreshTokens.class, "lua/auth/session_holder.lua");

  /** What presenting a refresh token found. */
  enum Outcome { OK, REUSED, EXPIRED, UNKNOWN }

  /**
   * The answer to a rotation or a look-up: the session's user (0 when unknown), and, after a rotation, the new token
   * and the session's end.
   */
  record Presented(Outcome outcome, long userId, RefreshToken next, long endsAtMillis) {
  }

  /** A session just opened: its first refresh token and its end. */
  record Opened(RefreshToken token, long endsAtMillis) {
  }

  private final Redis redis;
  private final long idleMillis;
  private final long lifetimeMillis;
  private final long graceMillis;

  /**
   * {@code idleSeconds}: how long a refresh token lasts unused (each rotation starts it again);
   * {@code lifetimeSeconds}: the absolute end of a session, however often it rotated; {@code graceSeconds}: how long
   * after a rotation the token it retired is taken for a retry or a second tab rather than a theft.
   */
  RefreshTokens(Redis redis, long idleSeconds, long lifetimeSeconds, long graceSeconds) {
    this.redis = redis;
    this.idleMillis = idleSeconds * 1000;
    this.lifetimeMillis = lifetimeSeconds * 1000;
    this.graceMillis = graceSeconds * 1000;
  }

  /** Opens a session of {@code userId} and indexes it under the user. */
  Future<Opened> open(long userId) {
    RefreshToken token = RefreshToken.of(RefreshToken.newSessionId());
    return OPEN.call(redis, 1, sessionKey(token.sessionId()), userId, token.digest(), lifetimeMillis, idleMillis)
      .compose(ends -> {
        long endsAt = ends.toLong();
        String index = userKey(userId);
        return redis.batch(List.of(
            Request.cmd(Command.ZADD).arg(index).arg(endsAt).arg(token.sessionId()),
            Request.cmd(Command.ZREMRANGEBYSCORE).arg(index).arg("-inf").arg("(" + System.currentTimeMillis()),
            Request.cmd(Command.PEXPIREAT).arg(index).arg(endsAt)))
          .map(done -> new Opened(token, endsAt));
      });
  }

  /** Exchanges the session's current token for a new one; see {@link Outcome} for the other answers. */
  Future<Presented> rotate(RefreshToken token) {
    RefreshToken next = RefreshToken.of(token.sessionId());
    return ROTATE.call(redis, 2, sessionKey(token.sessionId()), usedKey(token.sessionId()),
        token.digest(), next.digest(), idleMillis, USED_REMEMBERED, graceMillis)
      .map(reply -> {
        Outcome outcome = Outcome.valueOf(reply.get(0).toString());
        return outcome == Outcome.OK
          ? new Presented(outcome, reply.get(1).toLong(), next, reply.get(2).toLong())
          : new Presented(outcome, userOf(reply), null, 0);
      });
  }

  /** Whose token this is, changing nothing: {@link Outcome#OK} for the current one, REUSED for a used one. */
  Future<Presented> holder(RefreshToken token) {
    return HOLDER.call(redis, 2, sessionKey(token.sessionId()), usedKey(token.sessionId()), token.digest())
      .map(reply -> {
        String code = reply.get(0).toString();
        Outcome outcome = "CURRENT".equals(code) ? Outcome.OK : Outcome.valueOf(code);
        return new Presented(outcome, userOf(reply), null, 0);
      });
  }

  /** Deletes a session and its used tokens: none of its refresh tokens works any more. */
  Future<Void> delete(String sessionId) {
    return redis.send(Request.cmd(Command.DEL).arg(sessionKey(sessionId)).arg(usedKey(sessionId))).mapEmpty();
  }

  /** The ids of the user's sessions that have not reached their absolute end (some may have ended otherwise). */
  Future<List<String>> sessionsOf(long userId) {
    return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(userKey(userId))
        .arg(System.currentTimeMillis()).arg("+inf"))
      .map(reply -> {
        List<String> ids = new ArrayList<>();
        if (reply != null) {
          reply.forEach(id -> ids.add(id.toString()));
        }
        return ids;
      });
  }

  /** Those of the sessions whose record still exists (not ended, not expired). */
  Future<List<String>> live(List<String> sessionIds) {
    List<Future<Boolean>> checks = new ArrayList<>();
    sessionIds.forEach(id -> checks.add(redis.send(Request.cmd(Command.EXISTS).arg(sessionKey(id)))
      .map(reply -> reply.toInteger() == 1)));
    return Future.all(checks).map(done -> {
      List<String> live = new ArrayList<>();
      for (int i = 0; i < sessionIds.size(); i++) {
        if (checks.get(i).result()) {
          live.add(sessionIds.get(i));
        }
      }
      return live;
    });
  }

  /** Takes ended sessions out of the user's index (a session opened meanwhile stays in it). */
  Future<Void> unindex(long userId, List<String> sessionIds) {
    if (sessionIds.isEmpty()) {
      return Future.succeededFuture();
    }
    Request zrem = Request.cmd(Command.ZREM).arg(userKey(userId));
    sessionIds.forEach(zrem::arg);
    return redis.send(zrem).mapEmpty();
  }

  private static long userOf(Response reply) {
    return reply.size() > 1 ? reply.get(1).toLong() : 0;
  }

  static String sessionKey(String sessionId) {
    return "sess:{" + sessionId + "}";
  }

  private static String usedKey(String sessionId) {
    return "sess:{" + sessionId + "}:used";
  }

  private static String userKey(long userId) {
    return "sess:user:" + userId;
  }
}
