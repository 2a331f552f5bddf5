package io.ticketping.perf;

import io.ticketping.perf.MoneyCheck.Breach;
import io.ticketping.perf.MoneyCheck.Order;
import io.ticketping.perf.MoneyCheck.Snapshot;
import io.ticketping.perf.MoneyCheck.SoldSeat;
import io.ticketping.perf.MoneyCheck.Verdict;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MoneyCheckTest {

  private static final String PAID = id();
  private static final String EXPIRED = id();
  private static final String CANCELLED = id();
  private static final String PENDING = id();

  /** A sound sale: one paid order with its seat sold and one charge, a refunded expiry, an unpaid cancel and hold. */
  private static final List<Order> ORDERS = List.of(new Order(PAID, "PAID"), new Order(EXPIRED, "EXPIRED"),
    new Order(CANCELLED, "CANCELLED"), new Order(PENDING, "PENDING_PAYMENT"));
  private static final List<SoldSeat> SOLD = List.of(new SoldSeat(1, PAID, "PAID", 1));

  @Test
  @DisplayName("a sale where each PAID order holds one live charge, the others none, and sold seats are paid passes")
  void soundSale() {
    Verdict verdict = judge(ORDERS, SOLD, Map.of(PAID, 1, EXPIRED, 0), Set.of());
    assertThat(verdict.breaches()).isEmpty();
    assertThat(verdict.liveCharges()).isEqualTo(1);
  }

  @Test
  @DisplayName("a PAID order with no live charge is a breach")
  void paidWithoutCharge() {
    assertThat(judge(ORDERS, SOLD, Map.of(), Set.of()).breaches())
      .containsExactly(new Breach(PAID, "PAID", 0, "PAID, yet not charged"));
  }

  @Test
  @DisplayName("an EXPIRED order still charged (the refund never happened) is a breach")
  void expiredStillCharged() {
    assertThat(judge(ORDERS, SOLD, Map.of(PAID, 1, EXPIRED, 1), Set.of()).breaches())
      .containsExactly(new Breach(EXPIRED, "EXPIRED", 1, "charged, yet not PAID"));
  }

  @Test
  @DisplayName("a PAID order charged twice under two payment keys is a breach")
  void paidTwice() {
    assertThat(judge(ORDERS, SOLD, Map.of(PAID, 2), Set.of()).breaches())
      .containsExactly(new Breach(PAID, "PAID", 2, "charged more than once"));
  }

  @Test
  @DisplayName("a SOLD seat of an EXPIRED order is a breach, even when no money is wrong")
  void soldSeatOfExpiredOrder() {
    List<SoldSeat> sold = List.of(new SoldSeat(1, PAID, "PAID", 1), new SoldSeat(2, EXPIRED, "EXPIRED", 0));
    assertThat(judge(ORDERS, sold, Map.of(PAID, 1), Set.of()).breaches())
      .containsExactly(new Breach(EXPIRED, "EXPIRED", 0, "SOLD seat 2 belongs to an order that is not PAID"));
  }

  @Test
  @DisplayName("a SOLD seat whose order PostgreSQL does not know, or that two PAID orders list, is a breach")
  void soldSeatWithoutOneOrder() {
    String ghost = id();
    List<SoldSeat> sold = List.of(new SoldSeat(1, PAID, "PAID", 2), new SoldSeat(3, ghost, null, 0));
    assertThat(judge(ORDERS, sold, Map.of(PAID, 1), Set.of()).breaches()).containsExactly(
      new Breach(PAID, "PAID", 1, "SOLD seat 1 is listed by 2 PAID orders"),
      new Breach(ghost, null, 0, "SOLD seat 3 belongs to an order PostgreSQL does not know"));
  }

  @Test
  @DisplayName("a live charge for an order PostgreSQL does not know is a breach")
  void unknownOrderCharged() {
    String ghost = id();
    assertThat(judge(ORDERS, SOLD, Map.of(PAID, 1, ghost, 1), Set.of()).breaches())
      .containsExactly(new Breach(ghost, null, 1, "charged for an order PostgreSQL does not know"));
  }

  @Test
  @DisplayName("a charge for another show's order is left to that show's check")
  void otherShowsOrderIgnored() {
    String elsewhere = id();
    assertThat(judge(ORDERS, SOLD, Map.of(PAID, 1, elsewhere, 2), Set.of(elsewhere)).passed()).isTrue();
  }

  private static Verdict judge(List<Order> orders, List<SoldSeat> sold, Map<String, Integer> charges,
                               Set<String> knownOutOfScope) {
    return MoneyCheck.judge(new Snapshot(orders, sold, charges, knownOutOfScope));
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
