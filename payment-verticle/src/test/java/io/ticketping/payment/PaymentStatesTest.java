package io.ticketping.payment;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The payment state table on its own: which moves exist, which states are final, live or due. */
class PaymentStatesTest {

  private static final Set<String> ALL = Set.of(PaymentRecord.PENDING, PaymentRecord.UNKNOWN, PaymentRecord.APPROVED,
    PaymentRecord.DECLINED, PaymentRecord.FAILED, PaymentRecord.REJECTED, PaymentRecord.REFUND_PENDING,
    PaymentRecord.REFUNDED);

  @Test
  @DisplayName("the table knows every state the payments table allows, and moves only between them")
  void everyState() {
    assertThat(PaymentStates.NEXT.keySet()).isEqualTo(ALL);
    PaymentStates.NEXT.values().forEach(next -> assertThat(ALL).containsAll(next));
  }

  @Test
  @DisplayName("an unsettled payment settles as the provider says, fails, or (in flight only) becomes unknown")
  void unsettledMoves() {
    assertThat(PaymentStates.NEXT.get(PaymentRecord.PENDING)).containsExactlyInAnyOrder(PaymentRecord.APPROVED,
      PaymentRecord.DECLINED, PaymentRecord.REJECTED, PaymentRecord.FAILED, PaymentRecord.UNKNOWN);
    assertThat(PaymentStates.NEXT.get(PaymentRecord.UNKNOWN)).containsExactlyInAnyOrder(PaymentRecord.APPROVED,
      PaymentRecord.DECLINED, PaymentRecord.REJECTED, PaymentRecord.FAILED);
    assertThat(PaymentStates.allowed(PaymentRecord.UNKNOWN, PaymentRecord.PENDING)).as("back in flight").isFalse();
  }

  @Test
  @DisplayName("only a FAILED payment is tried again, only an APPROVED one refunded, and a refund only completes")
  void retryAndRefund() {
    assertThat(PaymentStates.from(PaymentRecord.PENDING)).containsExactly(PaymentRecord.FAILED);
    assertThat(PaymentStates.from(PaymentRecord.REFUND_PENDING)).containsExactly(PaymentRecord.APPROVED);
    assertThat(PaymentStates.NEXT.get(PaymentRecord.REFUND_PENDING)).containsExactly(PaymentRecord.REFUNDED);
    assertThat(PaymentStates.allowed(PaymentRecord.APPROVED, PaymentRecord.DECLINED)).isFalse();
    assertThat(PaymentStates.allowed(PaymentRecord.APPROVED, PaymentRecord.FAILED)).isFalse();
    assertThat(PaymentStates.allowed(PaymentRecord.REFUNDED, PaymentRecord.APPROVED)).isFalse();
  }

  @Test
  @DisplayName("DECLINED, REJECTED and REFUNDED are final; every state is reachable from a claim")
  void finalAndReachable() {
    assertThat(ALL.stream().filter(s -> PaymentStates.NEXT.get(s).isEmpty()))
      .containsExactlyInAnyOrder(PaymentRecord.DECLINED, PaymentRecord.REJECTED, PaymentRecord.REFUNDED);
    Set<String> reached = new HashSet<>(Set.of(PaymentRecord.PENDING));
    Deque<String> todo = new ArrayDeque<>(reached);
    while (!todo.isEmpty()) {
      PaymentStates.NEXT.get(todo.pop()).stream().filter(reached::add).forEach(todo::push);
    }
    assertThat(reached).isEqualTo(ALL);
  }

  @Test
  @DisplayName("live: every state that may hold money, and no final one; due: the unsettled and the refunds")
  void liveAndDue() {
    assertThat(PaymentStates.LIVE).containsExactlyInAnyOrder(PaymentRecord.PENDING, PaymentRecord.UNKNOWN,
      PaymentRecord.APPROVED, PaymentRecord.REFUND_PENDING);
    assertThat(PaymentStates.UNSETTLED).containsExactlyInAnyOrder(PaymentRecord.PENDING, PaymentRecord.UNKNOWN);
    assertThat(PaymentStates.DUE).containsExactlyInAnyOrder(PaymentRecord.PENDING, PaymentRecord.UNKNOWN,
      PaymentRecord.REFUND_PENDING);
    // A live payment only moves to live states or to ones where no money is held (final, or FAILED: never charged).
    for (String live : PaymentStates.LIVE) {
      assertThat(PaymentStates.NEXT.get(live)).allSatisfy(next -> assertThat(PaymentStates.LIVE.contains(next)
        || PaymentStates.NEXT.get(next).isEmpty() || PaymentRecord.FAILED.equals(next)).isTrue());
    }
  }

  @Test
  @DisplayName("every outcome is settled from the unsettled states, and the SQL list is sorted and quoted")
  void sql() {
    assertThat(PaymentStates.fromAll(List.of(PaymentRecord.APPROVED, PaymentRecord.DECLINED, PaymentRecord.REJECTED)))
      .containsExactlyInAnyOrder(PaymentRecord.PENDING, PaymentRecord.UNKNOWN);
    assertThat(PaymentStates.sql(PaymentStates.UNSETTLED)).isEqualTo("('PENDING', 'UNKNOWN')");
  }
}
