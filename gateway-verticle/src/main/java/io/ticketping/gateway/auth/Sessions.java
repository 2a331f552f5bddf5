package io.ticketping.gateway.auth;

import io.micrometer.core.instrument.Counter;
import io.ticketping.shared.observability.DomainMeters;
import io.ticketping.shared.observability.MetricNames;
import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Sessions: one per login, carried through refreshes (the refresh tokens of a session form a family) and named by the
 * {@code sid} claim of every access token issued for it. Ending a session revokes its refresh tokens in Redis and
 * its access tokens on every gateway ({@link RevocationFeed}). A used refresh token presented again ends its session
 * and is logged as a security event.
 */
public final class Sessions {

  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  private static final String INVALID = "The refresh token is invalid or expired; log in again.";

  /** A session's refresh token after a login or a refresh, for the cookie. */
  public record Grant(long userId, String sessionId, String refreshToken, long endsAtMillis) {
  }

  private final RefreshTokens tokens;
  private final RevocationFeed feed;
  private final Counter reused;
  private final long idleSeconds;

  public Sessions(Vertx vertx, Redis redis, JsonObject jwtConfig) {
    this.idleSeconds = jwtConfig.getLong("refreshTokenTtlSeconds");
    this.tokens = new RefreshTokens(redis, jwtConfig.getLong("refreshTokenTtlSeconds"),
      jwtConfig.getLong("sessionLifetimeSeconds"), jwtConfig.getLong("refreshGraceSeconds"));
    this.feed = new RevocationFeed(vertx, redis, jwtConfig.getLong("accessTokenTtlSeconds"));
    this.reused = DomainMeters.of(vertx).counter(MetricNames.AUTH_REFRESH_REUSED,
      "Refresh tokens presented again after use (their sessions were ended)");
  }

  /** How long a refresh token lasts unused. */
  public long idleSeconds() {
    return idleSeconds;
  }

  /** Starts copying the ended sessions into this JVM's memory. */
  public Future<Void> start() {
    return feed.start();
  }

  public void stop() {
    feed.stop();
  }

  /** A new session of the user (a login). */
  public Future<Grant> open(long userId) {
    return tokens.open(userId)
      .map(opened -> new Grant(userId, opened.token().sessionId(), opened.token().value(), opened.endsAtMillis()));
  }

  /**
   * The session's next refresh token for its current one. Fails with 401 for an unknown or expired token, past the
   * session's absolute end, and for a token already used, which also ends the session.
   */
  public Future<Grant> refresh(String cookieValue) {
    RefreshToken token = RefreshToken.parse(cookieValue);
    if (token == null) {
      return Future.failedFuture(Problem.unauthorized(INVALID).toException());
    }
    return tokens.rotate(token).compose(presented -> switch (presented.outcome()) {
      case OK -> Future.succeededFuture(new Grant(presented.userId(), token.sessionId(), presented.next().value(),
        presented.endsAtMillis()));
      case REUSED -> {
        // The script has already deleted the session; its access tokens go too.
        reported(presented.userId(), token.sessionId(), "refresh");
        yield feed.publish(List.of(token.sessionId()))
          .compose(v -> tokens.unindex(presented.userId(), List.of(token.sessionId())))
          .compose(v -> Future.failedFuture(Problem.unauthorized(INVALID).toException()));
      }
      case EXPIRED, UNKNOWN -> Future.failedFuture(Problem.unauthorized(INVALID).toException());
    });
  }

  /**
   * Ends the session of a refresh token (its current one or an earlier one): its access tokens first, so that even a
   * refresh racing with this logout only yields tokens that are refused. An unknown token ends nothing.
   */
  public Future<Void> logout(String cookieValue) {
    RefreshToken token = RefreshToken.parse(cookieValue);
    if (token == null) {
      return Future.succeededFuture();
    }
    return tokens.holder(token).compose(presented -> switch (presented.outcome()) {
      case OK -> endOne(presented.userId(), token.sessionId());
      case REUSED -> {
        reported(presented.userId(), token.sessionId(), "logout");
        yield endOne(presented.userId(), token.sessionId());
      }
      case EXPIRED, UNKNOWN -> Future.succeededFuture();
    });
  }

  /** Ends every session of the user; the number of sessions that were still going. */
  public Future<Integer> logoutEverywhere(long userId) {
    return tokens.sessionsOf(userId).compose(ids -> tokens.live(ids)
      .compose(live -> end(live)
        .compose(v -> tokens.unindex(userId, ids))
        .map(v -> {
          LOG.info("User {} logged out everywhere: {} session(s) ended", userId, live.size());
          return live.size();
        })));
  }

  private Future<Void> endOne(long userId, String sessionId) {
    return end(List.of(sessionId)).compose(v -> tokens.unindex(userId, List.of(sessionId)));
  }

  /** Access tokens first, then the refresh tokens. */
  private Future<Void> end(List<String> sessionIds) {
    return feed.publish(sessionIds).compose(v -> {
      List<Future<Void>> deleted = new ArrayList<>();
      sessionIds.forEach(id -> deleted.add(tokens.delete(id)));
      return Future.all(deleted).mapEmpty();
    });
  }

  /** A used refresh token came back: two parties hold the family, so its session ends. */
  private void reported(long userId, String sessionId, String during) {
    reused.increment();
    LOG.warn("Security: a used refresh token was presented again ({}); user {} session {} ended", during, userId,
      sessionId);
  }
}
