package io.ticketping.shared.queue;

/**
 * A line's waiters by ticket and by user: the position of a user is the number of present tickets up to the user's
 * own ({@link TicketTree}), found through the user's ticket ({@link UserTickets}), in O(log n). 50 to 70 bytes per
 * waiter. Not thread-safe: {@link LineView} guards it.
 */
final class LineIndex {

  private final TicketTree tickets = new TicketTree();
  private final UserTickets users = new UserTickets();

  /**
   * {@code user} waits with {@code ticket}. False (and nothing changes) when the ticket is not above every ticket known
   * here: arrivals come in ticket order, so that would be a reader's mistake.
   */
  boolean arrive(long user, long ticket) {
    if (!tickets.add(ticket, user)) {
      return false;
    }
    users.put(user, ticket);
    return true;
  }

  /** The waiter holding {@code ticket}, if any, left the line. */
  void remove(long ticket) {
    long user = tickets.remove(ticket);
    if (user != 0) {
      users.remove(user, ticket);
    }
  }

  /** Everyone with a ticket below {@code head} left the line (admitted from its head). */
  void dropBelow(long head) {
    tickets.dropBelow(head, (ticket, user) -> users.remove(user, ticket));
  }

  /** The user's position from 1, or 0 when the user does not wait here. */
  int positionOf(long user) {
    long ticket = users.get(user);
    if (ticket == 0 || tickets.holderOf(ticket) != user) {
      return 0;
    }
    return tickets.rank(ticket);
  }

  /** Waiters known here. */
  int size() {
    return tickets.size();
  }

  /** Users with a ticket here (equal to {@link #size()} once every arrival and departure is applied). */
  int users() {
    return users.size();
  }

  void clear() {
    tickets.clear();
    users.clear();
  }
}
