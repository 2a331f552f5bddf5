package io.ticketping.shared.queue;

/**
 * The tickets of a line and who holds them, with how many tickets are still present up to any one of them: a waiter's
 * position, exact, in O(log n). Tickets arrive in increasing order (the queue hands them out from a counter) and sit
 * densely in arrays, slot after slot: {@code tickets} (increasing), {@code users} (0 once the ticket is gone) and a
 * Fenwick tree over the slots counting the present ones. A ticket's slot is found by binary search; so a line that
 * was entered and left a million times costs no more than the waiters present. Slots below {@code first} were
 * dropped with the head; when dead slots outnumber the live ones, the live ones move down to slot 0 and the tree is
 * rebuilt (linear), so memory follows the waiters present and the work stays amortised O(log n) per change.
 *
 * <p>Not thread-safe: one thread changes it ({@link LineView} guards it and lets others read optimistically).
 */
final class TicketTree {

  private static final int MIN_SLOTS = 1024;

  private long[] tickets = new long[MIN_SLOTS];
  private long[] users = new long[MIN_SLOTS];
  /** Fenwick tree over the slots, 1-based: {@code tree[i]} counts the present slots in {@code (i - lowbit(i), i]}. */
  private int[] tree = new int[MIN_SLOTS + 1];
  /** Slots below it are gone (the head passed them). */
  private int first;
  /** The next free slot. */
  private int end;
  private int size;

  /** Present tickets. */
  int size() {
    return size;
  }

  /**
   * Adds {@code ticket}, held by {@code user} (positive). Tickets must come in increasing order: false (and nothing
   * changes) for one not above every ticket added so far.
   */
  boolean add(long ticket, long user) {
    if (user <= 0 || (end > 0 && ticket <= tickets[end - 1])) {
      return false;
    }
    if (end == tickets.length) {
      makeRoom();
    }
    tickets[end] = ticket;
    users[end] = user;
    increment(end, 1);
    end++;
    size++;
    return true;
  }

  /** Takes {@code ticket} out; answers its holder, or 0 when it was not present. */
  long remove(long ticket) {
    int slot = slotOf(ticket);
    return slot < 0 ? 0 : vacate(slot);
  }

  /** Takes out every ticket below {@code head}, telling {@code gone} each ticket and holder. */
  void dropBelow(long head, Departures gone) {
    while (first < end && tickets[first] < head) {
      long user = users[first];
      if (user != 0) {
        vacate(first);
        gone.left(tickets[first], user);
      }
      first++;
    }
    if (first == end) {
      first = 0; // empty: start again at slot 0
      end = 0;
    }
  }

  /** The holder of {@code ticket}, or 0 when it is not present. */
  long holderOf(long ticket) {
    int slot = slotOf(ticket);
    return slot < 0 ? 0 : users[slot];
  }

  /** How many present tickets are at most {@code ticket}. */
  int rank(long ticket) {
    int slot = slotAtMost(ticket);
    int count = 0;
    for (int i = slot + 1; i > 0; i -= i & -i) {
      count += tree[i];
    }
    return count;
  }

  /** Forgets every ticket, keeping no more than the minimum of memory. */
  void clear() {
    tickets = new long[MIN_SLOTS];
    users = new long[MIN_SLOTS];
    tree = new int[MIN_SLOTS + 1];
    first = 0;
    end = 0;
    size = 0;
  }

  /** Length of the arrays (for tests of growth and compaction). */
  int capacity() {
    return tickets.length;
  }

  private long vacate(int slot) {
    long user = users[slot];
    if (user != 0) {
      users[slot] = 0;
      increment(slot, -1);
      size--;
    }
    return user;
  }

  /** The slot of {@code ticket} when present, else -1. */
  private int slotOf(long ticket) {
    int slot = slotAtMost(ticket);
    return slot >= first && tickets[slot] == ticket && users[slot] != 0 ? slot : -1;
  }

  /** The last slot holding a ticket at most {@code ticket}, or {@code first - 1} when there is none. */
  private int slotAtMost(long ticket) {
    int lo = first;
    int hi = end - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (tickets[mid] <= ticket) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return lo - 1;
  }

  private void increment(int slot, int delta) {
    for (int i = slot + 1; i < tree.length; i += i & -i) {
      tree[i] += delta;
    }
  }

  /**
   * The arrays are full: the live slots move down to slot 0 into arrays sized for them with room for half as many
   * again (so a full line grows by half, and a line mostly left shrinks back). Linear, and at least {@code size / 2}
   * arrivals apart.
   */
  private void makeRoom() {
    int length = Math.max(MIN_SLOTS, size + (size >> 1));
    long[] movedTickets = new long[length];
    long[] movedUsers = new long[length];
    int[] movedTree = new int[length + 1];
    int slot = 0;
    for (int i = first; i < end; i++) {
      if (users[i] != 0) {
        movedTickets[slot] = tickets[i];
        movedUsers[slot] = users[i];
        movedTree[slot + 1] = 1;
        slot++;
      }
    }
    // Linear build: each node adds itself into its parent.
    for (int i = 1; i <= length; i++) {
      int parent = i + (i & -i);
      if (parent <= length) {
        movedTree[parent] += movedTree[i];
      }
    }
    tickets = movedTickets;
    users = movedUsers;
    tree = movedTree;
    first = 0;
    end = slot;
  }

  /** Told of each ticket the head passed. */
  @FunctionalInterface
  interface Departures {
    void left(long ticket, long user);
  }
}
