package io.ticketping.booking;

import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;

/**
 * A buyer's ticket limit for one schedule and the seats they already hold or bought there: why a hold was refused,
 * by the Redis gate or by PostgreSQL ({@code hold_seats} raises {@value #SQLSTATE} with both numbers as its detail).
 */
record TicketLimit(int limit, int held) {

  static final String SQLSTATE = "TPLIM";
  /** Seats one account may hold or buy per schedule when the show does not say. */
  static final int DEFAULT = 4;
  static final int MAX = 20;

  /** The limit PostgreSQL refused a hold with, or null when {@code e} is some other failure. */
  static TicketLimit refusedBy(Throwable e) {
    if (!(e instanceof PgException pg) || !SQLSTATE.equals(pg.getSqlState())) {
      return null;
    }
    try {
      JsonObject detail = new JsonObject(pg.getDetail());
      return new TicketLimit(detail.getInteger("limit"), detail.getInteger("held"));
    } catch (DecodeException | NullPointerException | ClassCastException malformed) {
      throw new IllegalStateException("hold_seats refused a hold over the ticket limit with a detail that is not "
        + "{limit, held}: " + pg.getDetail(), e);
    }
  }

  /** The 409 answer: nothing was held. */
  ProblemException problem() {
    return Problem.of(409, "ticket-limit", "Ticket limit reached", "You can buy at most " + limit
        + " tickets for this date; you already have " + held + ". Nothing was held.")
      .with("limit", limit).with("held", held).toException();
  }
}
