package io.ticketping.booking;

import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * Who owns a show, and which show an order is for: what the gateway asks before it lets an organiser act on a show
 * (its own only). Neither answer ever changes for an existing show or order, so the gateway keeps them.
 */
final class ShowOwners {

  private final Pool pool;

  ShowOwners(Pool pool) {
    this.pool = pool;
  }

  /** {@code {showId, organiserId}}, the organiser null for an admin's show; a 404 problem when there is no show. */
  Future<JsonObject> owner(long showId) {
    return pool.preparedQuery("SELECT organiser_id FROM shows WHERE id = $1").execute(Tuple.of(showId))
      .map(rows -> {
        if (rows.size() == 0) {
          throw Problem.notFound("There is no show " + showId + ".").toException();
        }
        return new JsonObject().put("showId", showId)
          .put("organiserId", rows.iterator().next().getLong("organiser_id"));
      });
  }

  /** {@code {orderId, showId}}; a 404 problem when there is no such order. */
  Future<JsonObject> showOfOrder(UUID orderId) {
    return pool.preparedQuery("SELECT show_id FROM orders WHERE id = $1").execute(Tuple.of(orderId))
      .map(rows -> {
        if (rows.size() == 0) {
          throw Problem.notFound("There is no order " + orderId + ".").toException();
        }
        return new JsonObject().put("orderId", orderId.toString())
          .put("showId", rows.iterator().next().getLong("show_id"));
      });
  }

  /** One page of the organiser's shows (every show when {@code organiserId} is null), newest sale first. */
  Future<JsonObject> owned(Long organiserId, int limit, int offset) {
    String where = organiserId == null ? "" : "WHERE organiser_id = $3 ";
    Tuple args = organiserId == null ? Tuple.of(limit, offset) : Tuple.of(limit, offset, organiserId);
    return pool.preparedQuery("SELECT id, title, venue, sale_opens_at, organiser_id FROM shows " + where
        + "ORDER BY sale_opens_at DESC, id DESC LIMIT $1 OFFSET $2")
      .execute(args)
      .map(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(new JsonObject().put("showId", row.getLong("id"))
          .put("title", row.getString("title")).put("venue", row.getString("venue"))
          .put("saleOpensAt", row.getOffsetDateTime("sale_opens_at").toInstant().toString())
          .put("organiserId", row.getLong("organiser_id"))));
        return new JsonObject().put("items", items).put("limit", limit).put("offset", offset);
      });
  }
}
