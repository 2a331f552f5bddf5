package io.ticketping.gateway.auth;

import io.ticketping.shared.observability.OutageLog;
import io.ticketping.shared.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The ended sessions, from every gateway to every gateway: a Redis stream ({@code auth:revoked}, one entry per ended
 * session, trimmed to the access tokens' lifetime plus a margin) that each JVM reads every {@value #READ_MILLIS} ms
 * from where it left off into its {@link RevokedSessions}.
 *
 * <p>Why a stream read on a timer rather than a pub/sub message: a JVM that was disconnected, restarting or just
 * starting still reads every entry it missed (pub/sub drops messages sent while a subscriber is away, and a new
 * gateway would never hear of sessions ended before it started), it needs no connection of its own, and it costs each
 * JVM two small reads a second whatever the traffic, while a request costs no Redis call. An ended session's access
 * tokens stop working on the JVM that ended it at once and on the others within about half a second.
 */
final class RevocationFeed {

  private static final Logger LOG = LoggerFactory.getLogger(RevocationFeed.class);
  private static final LuaScript REVOKE = LuaScript.fromResource(RevocationFeed.class, "lua/auth/sessions_revoke.lua");
  static final String STREAM = "auth:revoked";
  static final long READ_MILLIS = 500;
  /** Room for gateways whose clocks disagree with Redis's: an entry outlives the tokens it is about by this much. */
  private static final long CLOCK_MARGIN_MILLIS = 60_000;
  private static final int PAGE = 1000;

  private final Vertx vertx;
  private final Redis redis;
  private final RevokedSessions revoked;
  private final long windowMillis;
  private long timer = -1;
  private final OutageLog readFailures = OutageLog.warnOnce(LOG);

  /** {@code accessTokenTtlSeconds}: an ended session is remembered as long as one of its access tokens may live. */
  RevocationFeed(Vertx vertx, Redis redis, long accessTokenTtlSeconds) {
    this.vertx = vertx;
    this.redis = redis;
    this.revoked = RevokedSessions.of(vertx);
    this.windowMillis = accessTokenTtlSeconds * 1000 + CLOCK_MARGIN_MILLIS;
  }

  /**
   * Reads what was revoked before this instance started (a gateway must not accept those tokens either), then keeps
   * reading. A failed first read is logged and retried by the timer rather than failing the start.
   */
  Future<Void> start() {
    timer = vertx.setPeriodic(READ_MILLIS, id -> readOnTimer());
    return readAll().recover(e -> {
      LOG.warn("Could not read the ended sessions at start; retrying every {} ms: {}", READ_MILLIS, e.toString());
      return Future.succeededFuture();
    });
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /** Ends the sessions' access tokens on every gateway: at once here, within a read period elsewhere. */
  Future<Void> publish(List<String> sessionIds) {
    if (sessionIds.isEmpty()) {
      return Future.succeededFuture();
    }
    long until = System.currentTimeMillis() + windowMillis;
    sessionIds.forEach(id -> revoked.add(id, until));
    List<Object> args = new ArrayList<>();
    args.add(RevocationFeed.STREAM);
    args.add(windowMillis);
    args.addAll(sessionIds);
    return REVOKE.call(redis, 1, args.toArray()).mapEmpty();
  }

  private void readOnTimer() {
    long now = System.currentTimeMillis();
    if (!revoked.beginRead(now, READ_MILLIS / 2)) {
      return;
    }
    revoked.prune(now);
    readAll()
      .onSuccess(v -> readFailures.recovered("Reading the ended sessions again"))
      .onFailure(e -> readFailures.failed(
        "Cannot read the ended sessions; tokens of sessions ended meanwhile still work here: {}", e.toString()))
      .onComplete(done -> revoked.endRead());
  }

  /** Reads every entry after the cursor, a page at a time. */
  private Future<Void> readAll() {
    return redis.send(Request.cmd(Command.XRANGE).arg(STREAM).arg("(" + revoked.cursor()).arg("+")
        .arg("COUNT").arg(PAGE))
      .compose(page -> {
        int read = remember(page);
        return read == PAGE ? readAll() : Future.succeededFuture();
      });
  }

  private int remember(Response page) {
    if (page == null || page.size() == 0) {
      return 0;
    }
    String last = null;
    for (Response entry : page) {
      last = entry.get(0).toString();
      Response fields = entry.get(1);
      long at = Long.parseLong(last.substring(0, last.indexOf('-')));
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        if ("sid".equals(fields.get(i).toString())) {
          revoked.add(fields.get(i + 1).toString(), at + windowMillis);
        }
      }
    }
    revoked.readUpTo(last);
    return page.size();
  }
}
