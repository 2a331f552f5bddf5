package io.ticketping.payment;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.ticketping.payment.PaymentRecord.APPROVED;
import static io.ticketping.payment.PaymentRecord.DECLINED;
import static io.ticketping.payment.PaymentRecord.FAILED;
import static io.ticketping.payment.PaymentRecord.PENDING;
import static io.ticketping.payment.PaymentRecord.REFUNDED;
import static io.ticketping.payment.PaymentRecord.REFUND_PENDING;
import static io.ticketping.payment.PaymentRecord.REJECTED;
import static io.ticketping.payment.PaymentRecord.UNKNOWN;

/**
 * The states of a payment and the moves between them, in one table that {@link PaymentRepository}'s conditional
 * updates take their {@code WHERE status IN (...)} from, so a move not listed here never happens:
 * <pre>
 *   (claim) → PENDING → APPROVED | DECLINED | REJECTED | FAILED | UNKNOWN
 *             UNKNOWN → APPROVED | DECLINED | REJECTED | FAILED     (a look-up at the provider settles it)
 *              FAILED → PENDING                                      (the same key tries again: nothing was charged)
 *            APPROVED → REFUND_PENDING → REFUNDED
 * </pre>
 * DECLINED, REJECTED and REFUNDED are final.
 */
final class PaymentStates {

  /** Every state, each with the states it may move to. */
  static final Map<String, Set<String>> NEXT = Map.of(
    PENDING, Set.of(APPROVED, DECLINED, REJECTED, FAILED, UNKNOWN),
    UNKNOWN, Set.of(APPROVED, DECLINED, REJECTED, FAILED),
    FAILED, Set.of(PENDING),
    APPROVED, Set.of(REFUND_PENDING),
    REFUND_PENDING, Set.of(REFUNDED),
    DECLINED, Set.of(),
    REJECTED, Set.of(),
    REFUNDED, Set.of());

  /** Charged, or perhaps charged: at most one such payment per order (a unique index in PostgreSQL). */
  static final Set<String> LIVE = Set.of(PENDING, UNKNOWN, APPROVED, REFUND_PENDING);
  /** The outcome is not known yet: in flight here, or waiting for a look-up. */
  static final Set<String> UNSETTLED = Set.of(PENDING, UNKNOWN);
  /** What the reconciler takes to the provider when its look-up is due. */
  static final Set<String> DUE = Set.of(PENDING, UNKNOWN, REFUND_PENDING);

  private PaymentStates() {
  }

  static boolean allowed(String from, String to) {
    return NEXT.getOrDefault(from, Set.of()).contains(to);
  }

  /** The states a payment may move to {@code to} from. */
  static Set<String> from(String to) {
    return NEXT.entrySet().stream().filter(e -> e.getValue().contains(to)).map(Map.Entry::getKey)
      .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The states that may move to every one of {@code to}. */
  static Set<String> fromAll(List<String> to) {
    Set<String> common = new LinkedHashSet<>(NEXT.keySet());
    to.forEach(state -> common.retainAll(from(state)));
    return common;
  }

  /** {@code ('A', 'B')}, sorted, for an SQL {@code IN}: the states are constants, never input. */
  static String sql(Set<String> states) {
    return states.stream().sorted().map(s -> "'" + s + "'").collect(Collectors.joining(", ", "(", ")"));
  }
}
