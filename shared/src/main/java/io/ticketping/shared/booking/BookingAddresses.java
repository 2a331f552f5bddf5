package io.ticketping.shared.booking;

/**
 * Event-bus addresses of the booking service. All are request/reply with a {@code JsonObject} body; a failed request
 * carries the HTTP status as failure code and a {@code Problem} as JSON message.
 */
public final class BookingAddresses {

  /**
   * {@code {title, venue, saleOpensAt, schedules:[{startsAt}], layout, organiserId?}} → {@code {showId, schedules:[...]}};
   * the show belongs to {@code organiserId} when given (a show an admin creates belongs to no organiser).
   */
  public static final String CREATE_SHOW = "booking.shows.create";
  /** {@code {limit, offset}} → {@code {items, limit, offset}}. */
  public static final String LIST_SHOWS = "booking.shows.list";
  /**
   * {@code {limit, offset, organiserId?}} → {@code {items:[{showId, title, venue, saleOpensAt, organiserId}], limit,
   * offset}}: the organiser's shows, or every show without {@code organiserId}; newest sale first.
   */
  public static final String OWNED_SHOWS = "booking.shows.owned";
  /**
   * {@code {showId}} → {@code {showId, organiserId}}, {@code organiserId} null for a show an admin created; 404 when
   * there is no such show. A show never changes hands, so callers may keep the answer.
   */
  public static final String SHOW_OWNER = "booking.shows.owner";
  /** {@code {orderId}} → {@code {orderId, showId}}: the show an order is for; 404 when there is no such order. */
  public static final String ORDER_SHOW = "booking.orders.show";
  /**
   * {@code {showId}} → {@code {showId, schedules:[{scheduleId, startsAt, seats, sold, held, available, revenue}],
   * orders:{paid, refunded, refunding, pendingPayment}, revenue}}; 404 when there is no such show.
   */
  public static final String SHOW_SALES = "booking.shows.sales";
  /**
   * {@code {showId}} → {@code {showId, buyersHeld, holds, buyersPaid, ordersPaid, seats, seatsSold, saleOpensAt,
   * soldOutAt, sellOutSeconds}}: what came of the show's sale (the last two null until every seat is sold); 404 when
   * there is no such show.
   */
  public static final String SHOW_OUTCOMES = "booking.shows.outcomes";
  /** {@code {showId}} → the show with its schedules and prices. */
  public static final String GET_SHOW = "booking.shows.get";
  /** {@code {scheduleId}} → {@code {scheduleId, showId, seats:[{seatId,row,col,grade,price,status}]}}. */
  public static final String SEAT_MAP = "booking.seats.map";
  /** {@code {scheduleId}} → {@code {scheduleId, showId}}: which show's queue pass a schedule needs. */
  public static final String SCHEDULE_SHOW = "booking.schedules.show";
  /** {@code {userId, scheduleId, seatIds}} → the new PENDING_PAYMENT order; 409 naming the taken seats. */
  public static final String HOLD = "booking.orders.hold";
  /** {@code {userId}} → {@code {items}}: the user's orders, newest first. */
  public static final String MY_ORDERS = "booking.orders.mine";
  /** {@code {userId, orderId}} → the order; 404 when it is not the user's. */
  public static final String GET_ORDER = "booking.orders.get";
  /** {@code {userId, orderId}} → the cancelled order; its seats go back on sale. */
  public static final String CANCEL_ORDER = "booking.orders.cancel";
  /**
   * {@code {userId, orderId, admin}} → the order, REFUNDING (REFUNDED once the money is back): the buyer's own paid
   * order up to the show's refund cut-off, or any paid order when {@code admin} is true; 404 when it is not the
   * buyer's, 409 when it is not paid or too late.
   */
  public static final String REFUND_ORDER = "booking.orders.refund";

  private BookingAddresses() {
  }
}
