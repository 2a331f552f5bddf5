package io.ticketping.booking;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** A hold sweeper for tests that call its passes themselves (its timer is never started). */
final class HoldSweepers {

  private HoldSweepers() {
  }

  static HoldSweeper of(Vertx vertx, Pool pool, SeatMap seatMap) {
    return new HoldSweeper(vertx, pool, seatMap, new SeatMapSync(pool, seatMap), new SeatAvailability(vertx, pool, 100,
      5000), 1000);
  }
}
