package io.ticketping.shared.queue;

/**
 * User id → ticket, for a line of any length: open addressing with linear probing over two primitive arrays (16 bytes
 * a slot, at most three quarters full), no boxing. A removal shifts the entries after it back (no tombstones), so
 * look-ups stay short however many users came and went; the table shrinks when most of it is empty.
 *
 * <p>Not thread-safe: one thread changes it ({@link LineView} guards it and lets others read optimistically).
 */
final class UserTickets {

  private static final int MIN_CAPACITY = 1024;
  /** User ids are positive, so 0 marks a free slot. */
  private static final long FREE = 0;

  private long[] users;
  private long[] tickets;
  private int mask;
  private int size;

  UserTickets() {
    allocate(MIN_CAPACITY);
  }

  int size() {
    return size;
  }

  /** The user's ticket, or 0 when the user has none here. */
  long get(long user) {
    long[] keys = users;
    long[] values = tickets;
    int m = mask;
    int slot = slot(user, m);
    for (int probes = 0; probes <= m && keys[slot] != FREE; probes++) {
      if (keys[slot] == user) {
        return values[slot];
      }
      slot = (slot + 1) & m;
    }
    return 0;
  }

  /** Sets the user's ticket (user ids are positive; others are ignored). */
  void put(long user, long ticket) {
    if (user <= FREE) {
      return;
    }
    int slot = slot(user, mask);
    while (users[slot] != FREE) {
      if (users[slot] == user) {
        tickets[slot] = ticket;
        return;
      }
      slot = (slot + 1) & mask;
    }
    users[slot] = user;
    tickets[slot] = ticket;
    size++;
    if (size > (mask + 1) / 4 * 3) {
      rehash((mask + 1) * 2);
    }
  }

  /** Forgets the user's ticket, when it is {@code ticket} (a newer ticket of the same user stays). */
  void remove(long user, long ticket) {
    int slot = slot(user, mask);
    while (users[slot] != user) {
      if (users[slot] == FREE) {
        return;
      }
      slot = (slot + 1) & mask;
    }
    if (tickets[slot] != ticket) {
      return;
    }
    // Backward shift: move up every entry of the run after the hole that may not sit past it.
    int hole = slot;
    for (int next = (hole + 1) & mask; users[next] != FREE; next = (next + 1) & mask) {
      int home = slot(users[next], mask);
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        users[hole] = users[next];
        tickets[hole] = tickets[next];
        hole = next;
      }
    }
    users[hole] = FREE;
    tickets[hole] = 0;
    size--;
    if (mask + 1 > MIN_CAPACITY && size < (mask + 1) / 8) {
      rehash((mask + 1) / 2);
    }
  }

  /** Forgets everyone, keeping no more than the minimum of memory. */
  void clear() {
    allocate(MIN_CAPACITY);
    size = 0;
  }

  /** Table length (for tests of growth and shrinking). */
  int capacity() {
    return mask + 1;
  }

  private void rehash(int capacity) {
    long[] oldUsers = users;
    long[] oldTickets = tickets;
    allocate(capacity);
    for (int i = 0; i < oldUsers.length; i++) {
      if (oldUsers[i] != FREE) {
        int slot = slot(oldUsers[i], mask);
        while (users[slot] != FREE) {
          slot = (slot + 1) & mask;
        }
        users[slot] = oldUsers[i];
        tickets[slot] = oldTickets[i];
      }
    }
  }

  private void allocate(int capacity) {
    users = new long[capacity];
    tickets = new long[capacity];
    mask = capacity - 1;
  }

  private static int slot(long user, int mask) {
    long h = user * 0x9E3779B97F4A7C15L; // Fibonacci hashing: sequential ids spread over the table
    return (int) (h >>> 32) & mask;
  }
}
