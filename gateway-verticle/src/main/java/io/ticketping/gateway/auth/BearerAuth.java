package io.ticketping.gateway.auth;

import io.ticketping.gateway.web.Principal;
import io.ticketping.shared.problem.Problem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Requires {@code Authorization: Bearer <access token>}; a missing, malformed, forged, expired or {@code alg:none}
 * token is a 401 problem. On success the caller is attached to the context as a {@link Principal}.
 */
public final class BearerAuth implements Handler<RoutingContext> {

  private static final String PREFIX = "Bearer ";
  /** Far above any token we issue; bounds the work a hostile header can cause. */
  private static final int MAX_TOKEN_LENGTH = 4096;

  private final AccessTokens tokens;
  private final boolean queryTokenAllowed;

  public BearerAuth(AccessTokens tokens) {
    this(tokens, false);
  }

  private BearerAuth(AccessTokens tokens, boolean queryTokenAllowed) {
    this.tokens = tokens;
    this.queryTokenAllowed = queryTokenAllowed;
  }

  /**
   * The same check that also takes the token from an {@code access_token} query parameter, for the one client that
   * cannot send headers: the browser's EventSource. The access log never records query strings.
   */
  public BearerAuth allowingQueryToken() {
    return new BearerAuth(tokens, true);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String queryToken = queryTokenAllowed ? ctx.request().getParam("access_token") : null;
    if (header == null && queryToken != null) {
      header = PREFIX + queryToken;
    }
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      ctx.fail(Problem.unauthorized("An 'Authorization: Bearer <token>' header is required.").toException());
      return;
    }
    String token = header.substring(PREFIX.length()).trim();
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      ctx.fail(Problem.unauthorized("The access token is malformed.").toException());
      return;
    }
    tokens.verify(token)
      .onSuccess(caller -> {
        caller.attachTo(ctx);
        ctx.next();
      })
      .onFailure(e -> ctx.fail(Problem.unauthorized("The access token is invalid or expired.").toException()));
  }

  /** A handler that lets only callers with {@code role} through (403 otherwise); place it after this one. */
  public static Handler<RoutingContext> requireRole(String role) {
    return requireAnyRole(role);
  }

  /** A handler that lets only callers with one of {@code roles} through (403 otherwise); place it after this one. */
  public static Handler<RoutingContext> requireAnyRole(String... roles) {
    List<String> allowed = List.of(roles);
    String needed = "This needs the " + String.join(" or ", allowed) + " role.";
    return ctx -> {
      if (allowed.contains(Principal.of(ctx).role())) {
        ctx.next();
      } else {
        ctx.fail(Problem.forbidden(needed).toException());
      }
    };
  }
}
