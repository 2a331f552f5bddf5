package io.ticketping.gateway.auth;

import io.ticketping.gateway.users.UserRepository;
import io.ticketping.gateway.web.AccountLimiter;
import io.ticketping.gateway.web.JsonBody;
import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Signup, login, refresh and logout. */
public final class AuthRoutes {

  public static final String REFRESH_COOKIE = "tp_refresh";
  private static final String COOKIE_PATH = "/api/v1/auth";

  private final UserRepository users;
  private final PasswordHasher hasher;
  private final AccessTokens accessTokens;
  private final RefreshTokens refreshTokens;
  private final boolean secureCookie;
  private final AccountLimiter accounts;

  public AuthRoutes(UserRepository users, PasswordHasher hasher, AccessTokens accessTokens,
                    RefreshTokens refreshTokens, boolean secureCookie, AccountLimiter accounts) {
    this.users = users;
    this.hasher = hasher;
    this.accessTokens = accessTokens;
    this.refreshTokens = refreshTokens;
    this.secureCookie = secureCookie;
    this.accounts = accounts;
  }

  public void signup(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
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
    JsonObject body = JsonBody.of(ctx);
    String email = body.getString("email");
    users.findByEmail(email)
      .compose(user -> hasher.verify(body.getString("password"), user == null ? null : user.passwordHash())
        .compose(ok -> ok
          ? accounts.succeeded(email).compose(v -> issueTokens(ctx, user.id(), user.role()))
          // One answer for an unknown email and a wrong password: no hint which accounts exist.
          : accounts.failed(email).compose(v ->
            Future.failedFuture(Problem.unauthorized("The email or password is incorrect.").toException()))))
      .onFailure(ctx::fail);
  }

  /** The refresh token the request carries in its cookie, or null. */
  public static String refreshToken(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(REFRESH_COOKIE);
    return cookie == null ? null : cookie.getValue();
  }

  public void refresh(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(REFRESH_COOKIE);
    if (cookie == null || cookie.getValue().isEmpty()) {
      ctx.fail(Problem.unauthorized("No refresh token; log in again.").toException());
      return;
    }
    refreshTokens.consume(cookie.getValue())
      .compose(userId -> userId == null ? Future.succeededFuture(null) : users.findById(userId))
      .compose(user -> user == null
        ? Future.failedFuture(Problem.unauthorized("The refresh token is invalid or expired; log in again.")
          .toException())
        : issueTokens(ctx, user.id(), user.role()))
      .onFailure(ctx::fail);
  }

  public void logout(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(REFRESH_COOKIE);
    Future<Void> revoked = cookie == null ? Future.succeededFuture() : refreshTokens.revoke(cookie.getValue());
    revoked.onSuccess(v -> {
      ctx.response().addCookie(refreshCookie("", 0));
      ctx.response().setStatusCode(204).end();
    }).onFailure(ctx::fail);
  }

  private Future<Void> issueTokens(RoutingContext ctx, long userId, String role) {
    return refreshTokens.issue(userId).compose(refreshToken -> {
      ctx.response().addCookie(refreshCookie(refreshToken, refreshTokens.ttlSeconds()));
      return ctx.response()
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject()
          .put("accessToken", accessTokens.issue(userId, role))
          .put("tokenType", "Bearer")
          .put("expiresIn", accessTokens.ttlSeconds())
          .toBuffer());
    });
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
