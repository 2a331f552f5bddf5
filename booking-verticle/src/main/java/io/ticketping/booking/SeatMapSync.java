package io.ticketping.booking;

import io.ticketping.shared.pg.AfterCommit;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Brings the Redis seat map to what PostgreSQL committed for an order (its seats SOLD, freed, or back on sale after a
 * refund), after the commit
 * rather than inside the transaction: PostgreSQL is the truth and must not wait on, or fail with, Redis. The order
 * carries {@code seat_map_owed} from its transaction until the map has been shown the change, so a Redis that is
 * down, paused or restarting, or a process that dies right after the commit, only delays the map: the repair pass
 * applies what is still owed. Applying twice is harmless (the scripts only write the order's own seats).
 */
final class SeatMapSync {

  private static final Logger LOG = LoggerFactory.getLogger(SeatMapSync.class);

  private final Pool pool;
  private final SeatMap seatMap;

  SeatMapSync(Pool pool, SeatMap seatMap) {
    this.pool = pool;
    this.seatMap = seatMap;
  }

  /** Marks {@code order} as owing the map in {@code conn}'s transaction, and applies it once that commits. */
  Future<Void> owe(SqlConnection conn, Order order) {
    return conn.preparedQuery("UPDATE orders SET seat_map_owed = true WHERE id = $1").execute(Tuple.of(order.orderId()))
      .onSuccess(v -> AfterCommit.run(conn, () -> apply(order).onFailure(e -> LOG.warn(
        "Seat map of order {} not updated yet ({}); the repair pass retries: {}", order.orderId(), order.status(),
        e.toString()))))
      .mapEmpty();
  }

  /** One repair pass over orders that still owe the map; how many it applied. */
  Future<Integer> repairOnce() {
    return OrderRepository.owingSeatMap(pool).compose(owed -> {
      List<Future<Void>> applied = owed.stream().map(this::apply).toList();
      return Future.join(applied).transform(done -> Future.succeededFuture(
        (int) applied.stream().filter(Future::succeeded).count()));
    });
  }

  private Future<Void> apply(Order order) {
    Future<Void> shown = switch (order.status()) {
      case Order.PAID -> seatMap.sell(order.scheduleId(), order.orderId().toString(), order.userId(), order.seatIds());
      case Order.REFUNDED -> seatMap.unsell(order.scheduleId(), order.orderId().toString(), order.seatIds());
      default -> seatMap.release(order.scheduleId(), order.orderId().toString(), order.seatIds());
    };
    return shown.compose(v -> pool.preparedQuery("UPDATE orders SET seat_map_owed = false WHERE id = $1 AND status = $2")
      .execute(Tuple.of(order.orderId(), order.status()))).mapEmpty();
  }
}
