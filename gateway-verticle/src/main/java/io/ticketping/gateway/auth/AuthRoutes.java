package io.ticketping.gateway.auth;

import io.ticketping.gateway.users.PasswordHasher;
import io.ticketping.gateway.users.UserRepository;
import io.ticketping.gateway.web.ContractValidation;
import io.ticketping.gateway.web.Principal;
import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Signup, login, refresh and logout. A login opens a session ({@link Sessions}); refresh continues it with a new
 * refresh token; logout ends it, and logging out everywhere ends all of the caller's.
 */
public final class AuthRoutes {

  public static final String REFRESH_COOKIE = "tp_refresh";
  private static final String COOKIE_PATH = "/api/v1/auth";

  private final UserRepository users;
  private final PasswordHasher hasher;
  private final AccessTokens accessTokens;
  private final Sessions sessions;
  private final boolean secureCookie;
  private final AccountLimiter accounts;

  public AuthRoutes(UserRepository users, PasswordHasher hasher, AccessTokens accessTokens, Sessions sessions,
                    boolean secureCookie, AccountLimiter accounts) {
    this.users = users;
    this.hasher = hasher;
    this.accessTokens = accessTokens;
    this.sessions = sessions;
    this.secureCookie = secureCookie;
    this.accounts = accounts;
  }

  public void signup(RoutingContext ctx) {
    JsonObject body = ContractValidation.body(ctx);
    hasher.hash(body.getString("password"))
      .compose(hash -> users.create(body.getString("email"), hash, body.getString("nickname").strip(), "USER"))
      .onSuccess(user -> ctx.response().setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .putHeader("Location", "/api/v1/me")
        .end(new JsonObject().put("userId", user.id()).put("email", user.email())
          .put("nickname", user.nickname()).toBuffer()))
      .onFailure(ctx::fail);
  }

  /** Behind {@link AccountLimiter#login()}, which it tells how the attempt went. */
  public void login(RoutingContext ctx) {
    JsonObject body = ContractValidation.body(ctx);
    String email = body.getString("email");
    users.findByEmail(email)
      .compose(user -> hasher.verify(body.getString("password"), user == null ? null : user.passwordHash())
        .compose(ok -> ok
          ? accounts.succeeded(email).compose(v -> sessions.open(user.id()))
            .compose(grant -> issueTokens(ctx, grant, user.role()))
          // One answer for an unknown email and a wrong password: no hint which accounts exist.
          : accounts.failed(email).compose(v ->
            Future.failedFuture(Problem.unauthorized("The email or password is incorrect.").toException()))))
      .onFailure(ctx::fail);
  }

  /**
   * What the refresh routes are rate-limited by: the session the request's refresh cookie names, which stays the same
   * as its token rotates (a value that is not one of our tokens is its own key); null without a cookie.
   */
  public static String refreshSession(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(REFRESH_COOKIE);
    if (cookie == null) {
      return null;
    }
    RefreshToken token = RefreshToken.parse(cookie.getValue());
    return token == null ? cookie.getValue() : token.sessionId();
  }

  public void refresh(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(REFRESH_COOKIE);
    if (cookie == null || cookie.getValue().isEmpty()) {
      ctx.fail(Problem.unauthorized("No refresh token; log in again.").toException());
      return;
    }
    sessions.refresh(cookie.getValue())
      .compose(grant -> users.findById(grant.userId())
        .compose(user -> user == null
          ? Future.failedFuture(Problem.unauthorized("The refresh token is invalid or expired; log in again.")
            .toException())
          : issueTokens(ctx, grant, user.role())))
      .onFailure(ctx::fail);
  }

  /** Ends the session of the refresh cookie: its refresh token and its access tokens stop working. */
  public void logout(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(REFRESH_COOKIE);
    Future<Void> ended = cookie == null ? Future.succeededFuture() : sessions.logout(cookie.getValue());
    ended.onSuccess(v -> {
      ctx.response().addCookie(refreshCookie("", 0));
      ctx.response().setStatusCode(204).end();
    }).onFailure(ctx::fail);
  }

  /** Behind the bearer check: ends every session of the caller, this one included. */
  public void logoutEverywhere(RoutingContext ctx) {
    sessions.logoutEverywhere(Principal.of(ctx).userId())
      .onSuccess(ended -> {
        ctx.response().addCookie(refreshCookie("", 0));
        ctx.response().putHeader("Cache-Control", "no-store");
        ctx.json(new JsonObject().put("sessionsEnded", ended));
      })
      .onFailure(ctx::fail);
  }

  private Future<Void> issueTokens(RoutingContext ctx, Sessions.Grant grant, String role) {
    long cookieSeconds = Math.max(0, (grant.endsAtMillis() - System.currentTimeMillis()) / 1000);
    ctx.response().addCookie(refreshCookie(grant.refreshToken(), Math.min(cookieSeconds, sessions.idleSeconds())));
    return ctx.response()
      .putHeader("Content-Type", "application/json")
      .putHeader("Cache-Control", "no-store")
      .end(new JsonObject()
        .put("accessToken", accessTokens.issue(grant.userId(), role, grant.sessionId()))
        .put("tokenType", "Bearer")
        .put("expiresIn", accessTokens.ttlSeconds())
        .toBuffer());
  }

  private Cookie refreshCookie(String value, long maxAgeSeconds) {
    return Cookie.cookie(REFRESH_COOKIE, value)
      .setPath(COOKIE_PATH)
      .setHttpOnly(true)
      .setSecure(secureCookie)
      .setSameSite(CookieSameSite.STRICT)
      .setMaxAge(maxAgeSeconds);
  }
}
