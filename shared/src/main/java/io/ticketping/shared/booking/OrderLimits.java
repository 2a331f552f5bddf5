package io.ticketping.shared.booking;

/**
 * Limits of one order that both edges of a hold enforce: booking checks every hold request, and the gateway's API
 * document declares the same limit on the hold body (a gateway test keeps the two equal).
 */
public final class OrderLimits {

  /** The most seats one order may hold. */
  public static final int MAX_SEATS_PER_ORDER = 4;

  private OrderLimits() {
  }
}
