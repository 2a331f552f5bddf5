package io.ticketping.gateway.users;

import io.ticketping.gateway.web.Principal;
import io.ticketping.gateway.web.RequestParams;
import io.ticketping.shared.problem.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The caller's own account, and the admin's list of accounts. */
public final class UserRoutes {

  private final UserRepository users;

  public UserRoutes(UserRepository users) {
    this.users = users;
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
