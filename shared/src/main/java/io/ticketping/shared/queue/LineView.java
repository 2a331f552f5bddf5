package io.ticketping.shared.queue;

import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;

import java.util.concurrent.locks.StampedLock;

/**
 * A copy of one show's line kept up to date by its changes ({@link LineReader}), answering any user's status as the
 * queue service would, with the exact position, in O(log n). One thread at a time applies changes (under a write
 * lock, for the few milliseconds a tick's changes take); any number of threads answer at once without taking a lock:
 * they read optimistically and check that no change ran meanwhile, so answering costs no more than the look-up
 * itself. A status that cannot be answered from here right now is {@code null}, and the caller asks the queue
 * service; so one view may be shared by every event loop of a JVM (a {@link Shareable} in a local map), never copied.
 */
public final class LineView implements Shareable {

  private final StampedLock lock = new StampedLock();
  private final LineIndex index = new LineIndex();
  private volatile LineFigures figures = LineFigures.NONE;
  /** Every departure logged up to the last read is applied: positions are exact. */
  private boolean exact;
  /** The reader's place in the log and in the tickets; only the reader uses them. */
  private String cursor = "";
  private long lastSeq;
  private boolean caughtUp;

  /**
   * The user's status: WAITING with the exact position, told as {@link QueueStatus} tells it (CLOSED, SOLD_OUT, the
   * estimate); {@code null} when the user is not waiting as known here (admitted: a handful a tick, whom the queue
   * service answers; arrived since the last read, pre-queued, gone) or the view is being changed this instant.
   */
  public JsonObject statusOf(long userId) {
    QueueStatus place = placeOf(userId);
    return place == null ? null : place.toJson();
  }

  /**
   * {@link #statusOf} before it becomes JSON, for callers that look at many users and answer few of them (a stream's
   * fan-out writes to a small share of its streams at each tick).
   */
  public QueueStatus placeOf(long userId) {
    long stamp = lock.tryOptimisticRead();
    if (stamp == 0) {
      return null;
    }
    LineFigures seen;
    boolean answerable;
    int position;
    try {
      seen = figures;
      answerable = exact;
      position = index.positionOf(userId);
    } catch (RuntimeException e) {
      return null; // a read torn by a change (e.g. arrays being replaced): the check below would refuse it anyway
    }
    if (!lock.validate(stamp) || !answerable) {
      return null;
    }
    if (position <= 0) {
      return null;
    }
    return QueueStatus.of(QueueStatus.WAITING, position, seen.waiting(), seen.state(), seen.admittedLastMinute(),
      seen.admitPerMinute(), seen.opensAt(), seen.soldOut());
  }

  /** When the read that the view reflects was asked for (epoch ms); 0 before the first. */
  public long takenAt() {
    return figures.takenAt();
  }

  /** The queue's idle timeout as last read. */
  public long idleTimeoutSeconds() {
    return figures.idleTimeoutSeconds();
  }

  /** Waiters known here (those arrived since the last read are not). */
  public int known() {
    long stamp = lock.readLock();
    try {
      return index.size();
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /**
   * The user's position as known here: 0 when not known as waiting, -1 while a logged departure is still to be read
   * (no position is exact then). For tests, which compare it with the line in Redis; unlike {@link #statusOf} it waits
   * for a change under way to end.
   */
  public int positionOf(long userId) {
    long stamp = lock.readLock();
    try {
      return exact ? index.positionOf(userId) : -1;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /**
   * Applies one reply of the reader's script, in order: departures, then the head, then the arrivals, as they stood
   * at that instant in Redis.
   */
  void apply(LineChanges changes) {
    long stamp = lock.writeLock();
    try {
      if (changes.restarted()) {
        index.clear();
      }
      for (long ticket : changes.departed()) {
        index.remove(ticket);
      }
      index.dropBelow(changes.head());
      boolean inOrder = true;
      long[] arrivals = changes.arrivals();
      for (int i = 0; i + 1 < arrivals.length; i += 2) {
        inOrder &= index.arrive(arrivals[i], arrivals[i + 1]);
      }
      figures = changes.figures();
      // An arrival out of ticket order cannot be placed: start over at the next read rather than answer wrongly.
      exact = changes.logComplete() && inOrder;
      cursor = inOrder ? changes.cursor() : "";
      lastSeq = changes.lastSeq();
      caughtUp = inOrder && changes.logComplete() && changes.arrivalsComplete();
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  String cursor() {
    return cursor;
  }

  long lastSeq() {
    return lastSeq;
  }

  /** Whether the last read brought everything: no log entry and no arrival left for a next call. */
  boolean caughtUp() {
    return caughtUp;
  }
}
