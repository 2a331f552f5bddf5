package io.ticketping.gateway.users;

import io.ticketping.gateway.web.ContractValidation;
import io.ticketping.gateway.web.Principal;
import io.ticketping.gateway.web.RequestParams;
import io.ticketping.shared.problem.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The caller's own account, and the admin's list of accounts and its organiser accounts. */
public final class UserRoutes {

  private final UserRepository users;
  private final PasswordHasher hasher;

  public UserRoutes(UserRepository users, PasswordHasher hasher) {
    this.users = users;
    this.hasher = hasher;
  }

  public void me(RoutingContext ctx) {
    users.findById(Principal.of(ctx).userId())
      .onSuccess(user -> {
        if (user == null) {
          ctx.fail(Problem.unauthorized("This account no longer exists.").toException());
        } else {
          ctx.json(user.toJson());
        }
      })
      .onFailure(ctx::fail);
  }

  /**
   * Admin only: {@code POST /api/v1/admin/organisers {email, password, nickname}} creates an ORGANISER account (the
   * API document gives it signup's body: same email and password rules). A new account rather than promoting a
   * buyer's: an organiser's token carries its role from its first login, and its own shows stay apart from anyone's
   * purchases.
   */
  public void createOrganiser(RoutingContext ctx) {
    JsonObject body = ContractValidation.body(ctx);
    hasher.hash(body.getString("password"))
      .compose(hash -> users.create(body.getString("email"), hash, body.getString("nickname").strip(),
        Principal.ORGANISER))
      .onSuccess(user -> ctx.response().setStatusCode(201)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("userId", user.id()).put("email", user.email())
          .put("nickname", user.nickname()).put("role", user.role()).toBuffer()))
      .onFailure(ctx::fail);
  }

  /** Admin only: {@code GET /api/v1/admin/users?limit=&offset=}. */
  public void list(RoutingContext ctx) {
    int limit = RequestParams.queryInt(ctx, "limit", 50, 1, 200);
    int offset = RequestParams.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    users.page(limit, offset)
      .onSuccess(page -> {
        JsonArray items = new JsonArray();
        page.forEach(user -> items.add(user.toJson()));
        ctx.json(new JsonObject().put("items", items).put("limit", limit).put("offset", offset));
      })
      .onFailure(ctx::fail);
  }
}
