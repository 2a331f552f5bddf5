package io.ticketping.booking;

import io.ticketping.shared.problem.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * What came of a show's sale, from PostgreSQL: how many buyers held seats and how many paid (the waiting room counts
 * the buyers it admitted), and how long the sale took to sell out. Every order begins as a hold, so the buyers who
 * held are those with any order; those who paid have an order with a payment time, refunded since or not. The show
 * sold out when every seat of it is SOLD, at the payment of the last PAID (or refunding) order.
 */
final class ShowOutcomes {

  private static final String FIGURES = "SELECT s.sale_opens_at, "
    + "(SELECT count(DISTINCT user_id) FROM orders WHERE show_id = s.id) AS held_buyers, "
    + "(SELECT count(*) FROM orders WHERE show_id = s.id) AS holds, "
    + "(SELECT count(DISTINCT user_id) FROM orders WHERE show_id = s.id AND paid_at IS NOT NULL) AS paid_buyers, "
    + "(SELECT count(*) FROM orders WHERE show_id = s.id AND paid_at IS NOT NULL) AS paid_orders, "
    + "(SELECT max(paid_at) FROM orders WHERE show_id = s.id AND status IN ('PAID', 'REFUNDING')) AS last_paid, "
    + "(SELECT count(*) FROM seats st JOIN schedules sc ON sc.id = st.schedule_id WHERE sc.show_id = s.id) AS seats, "
    + "(SELECT count(*) FROM seats st JOIN schedules sc ON sc.id = st.schedule_id "
    + "WHERE sc.show_id = s.id AND st.status = 'SOLD') AS sold "
    + "FROM shows s WHERE s.id = $1";

  private final Pool pool;

  ShowOutcomes(Pool pool) {
    this.pool = pool;
  }

  /**
   * {@code {showId, buyersHeld, holds, buyersPaid, ordersPaid, seats, seatsSold, saleOpensAt, soldOutAt,
   * sellOutSeconds}}; the last two {@code null} while a seat is unsold. A 404 problem when there is no such show.
   */
  Future<JsonObject> of(long showId) {
    return pool.preparedQuery(FIGURES).execute(Tuple.of(showId)).map(rows -> {
      if (rows.size() == 0) {
        throw Problem.notFound("There is no show " + showId + ".").toException();
      }
      Row row = rows.iterator().next();
      OffsetDateTime opens = row.getOffsetDateTime("sale_opens_at");
      long seats = row.getLong("seats");
      long sold = row.getLong("sold");
      OffsetDateTime lastPaid = row.getOffsetDateTime("last_paid");
      OffsetDateTime soldOut = seats > 0 && sold == seats ? lastPaid : null;
      return new JsonObject().put("showId", showId)
        .put("buyersHeld", row.getLong("held_buyers")).put("holds", row.getLong("holds"))
        .put("buyersPaid", row.getLong("paid_buyers")).put("ordersPaid", row.getLong("paid_orders"))
        .put("seats", seats).put("seatsSold", sold)
        .put("saleOpensAt", opens.toInstant().toString())
        .put("soldOutAt", soldOut == null ? null : soldOut.toInstant().toString())
        .put("sellOutSeconds", soldOut == null ? null
          : Math.max(0, Duration.between(opens, soldOut).toMillis()) / 1000.0);
    });
  }
}
