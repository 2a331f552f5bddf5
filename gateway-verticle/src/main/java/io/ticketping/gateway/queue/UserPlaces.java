package io.ticketping.gateway.queue;

/**
 * Places in line by user id, for a line of any length: open addressing over two primitive arrays. A line of 100,000
 * users is rebuilt at every tick; as a {@code HashMap<Long, Integer>} that was 300,000 objects (~6 MB) per tick, here
 * it is two arrays (~1.5 MB) and no boxing on a look-up. Filled once, then only read, so any thread may read it.
 */
final class UserPlaces {

  /** User ids are positive, so 0 marks a free slot. */
  private static final long FREE = 0;

  private final long[] users;
  private final int[] places;
  private final int mask;
  private int size;

  UserPlaces(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1; // load factor at most 1/2
    this.users = new long[capacity];
    this.places = new int[capacity];
    this.mask = capacity - 1;
  }

  /** Records {@code userId} (positive; others are ignored) at {@code place}, unless it already has one. */
  void putIfAbsent(long userId, int place) {
    if (userId <= FREE || size >= users.length / 2) {
      return;
    }
    int slot = slot(userId);
    while (users[slot] != FREE) {
      if (users[slot] == userId) {
        return;
      }
      slot = (slot + 1) & mask;
    }
    users[slot] = userId;
    places[slot] = place;
    size++;
  }

  /** The user's place, or 0 when the user is not in the line. */
  int placeOf(long userId) {
    if (userId <= FREE) {
      return 0;
    }
    for (int slot = slot(userId); users[slot] != FREE; slot = (slot + 1) & mask) {
      if (users[slot] == userId) {
        return places[slot];
      }
    }
    return 0;
  }

  int size() {
    return size;
  }

  private int slot(long userId) {
    long h = userId * 0x9E3779B97F4A7C15L; // Fibonacci hashing: sequential ids spread over the table
    return (int) (h >>> 32) & mask;
  }
}
