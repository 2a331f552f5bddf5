package io.ticketping.perf;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * After a booking rush: were exactly the expected seats sold, and none twice? Reads PostgreSQL, the truth (Redis is
 * only the fast gate), and judges with {@link #judge}, which is pure so that its own test can feed it a double sale.
 */
public final class SaleCheck {

  /** One seat of a PAID order ({@code order_seats} joined with {@code orders}). */
  public record Claim(UUID orderId, long seatId) {
  }

  /** What was wrong; empty when the sale is sound. */
  public record Verdict(List<String> problems) {
    public boolean passed() {
      return problems.isEmpty();
    }
  }

  private SaleCheck() {
  }

  /**
   * Sound when {@code soldSeats} (seats in status SOLD) number {@code surelySold} plus at most {@code maybeSold}, no
   * seat is claimed by two paid orders, and the paid orders claim exactly the sold seats. {@code maybeSold} counts the
   * payments whose outcome the buyer never learnt (a timeout or a 5xx): each may have been charged and settled later,
   * so it may or may not have sold its seat.
   */
  public static Verdict judge(int surelySold, int maybeSold, List<Long> soldSeats, List<Claim> paidClaims) {
    List<String> problems = new ArrayList<>();
    Set<Long> sold = new HashSet<>(soldSeats);
    if (sold.size() < surelySold || sold.size() > surelySold + maybeSold) {
      problems.add("sold " + sold.size() + " seats, expected " + (maybeSold == 0 ? "exactly " + surelySold
        : surelySold + " to " + (surelySold + maybeSold) + " (" + maybeSold + " payments of unknown outcome)"));
    }
    Map<Long, List<UUID>> owners = new HashMap<>();
    paidClaims.forEach(claim -> owners.computeIfAbsent(claim.seatId(), k -> new ArrayList<>()).add(claim.orderId()));
    owners.forEach((seat, orders) -> {
      if (orders.size() > 1) {
        problems.add("seat " + seat + " sold twice: paid orders " + orders);
      }
    });
    if (!owners.keySet().equals(sold)) {
      Set<Long> unpaid = new HashSet<>(sold);
      unpaid.removeAll(owners.keySet());
      Set<Long> notSold = new HashSet<>(owners.keySet());
      notSold.removeAll(sold);
      problems.add("paid orders and SOLD seats disagree: SOLD without a paid order " + unpaid
        + ", paid for but not SOLD " + notSold);
    }
    return new Verdict(problems);
  }

  /** Reads the schedule's sold seats and paid claims (blocking; not for an event loop) and judges them. */
  public static Verdict check(Pool pool, long scheduleId, int surelySold, int maybeSold) {
    List<Long> sold = new ArrayList<>();
    pool.preparedQuery("SELECT id FROM seats WHERE schedule_id = $1 AND status = 'SOLD'")
      .execute(Tuple.of(scheduleId)).await().forEach(row -> sold.add(row.getLong(0)));
    List<Claim> claims = new ArrayList<>();
    pool.preparedQuery("SELECT os.order_id, os.seat_id FROM order_seats os JOIN orders o ON o.id = os.order_id "
        + "WHERE o.schedule_id = $1 AND o.status = 'PAID'")
      .execute(Tuple.of(scheduleId)).await().forEach(row -> claims.add(new Claim(row.getUUID(0), row.getLong(1))));
    return judge(surelySold, maybeSold, sold, claims);
  }

  /**
   * Payments reach the seats through Kafka a moment later, so this re-checks for up to {@code waitMillis} until the
   * sale is sound; the last verdict.
   */
  public static Verdict awaitSound(Pool pool, long scheduleId, int surelySold, int maybeSold, long waitMillis) {
    long deadline = System.currentTimeMillis() + waitMillis;
    Verdict verdict = check(pool, scheduleId, surelySold, maybeSold);
    while (!verdict.passed() && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return verdict;
      }
      verdict = check(pool, scheduleId, surelySold, maybeSold);
    }
    return verdict;
  }
}
