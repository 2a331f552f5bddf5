package io.ticketping.shared.queue;

import java.util.List;

/**
 * Redis key names of the waiting room. Every key of one show carries the hash tag {@code {showId}}, so a script may
 * touch all of them on Redis Cluster (they share one slot), while different shows spread over the slots.
 */
public final class QueueKeys {

  /**
   * The shows the admission tickers walk (a set, in its own slot; used only with single-key commands): every
   * configured show except those whose show ended and those closed with nobody waiting or admitted.
   */
  public static final String SHOWS = "q:shows";

  private QueueKeys() {
  }

  /** Ticket counter (string): FIFO order without clock ties. */
  public static String seq(String showId) {
    return key(showId, "seq");
  }

  /** Waiting line (zset): userId → ticket number. */
  public static String waiting(String showId) {
    return key(showId, "waiting");
  }

  /** Working set (zset): userId → queue-pass expiry in epoch ms. */
  public static String working(String showId) {
    return key(showId, "working");
  }

  /** Settings and state (hash). */
  public static String meta(String showId) {
    return key(showId, "meta");
  }

  /** Arrivals before the sale opens (set), shuffled into the line at opening. */
  public static String pre(String showId) {
    return key(showId, "pre");
  }

  /**
   * Prefix of the heartbeat bitmaps ({@code <prefix>:<generation>:<page>}, one bit per user id; see
   * {@code lua/queue/lib/heartbeats.lua}). Not a key itself.
   */
  public static String beats(String showId) {
    return key(showId, "beats");
  }

  /** Admissions per second over the last minute (hash): epoch second → count, for the ETA. */
  public static String admits(String showId) {
    return key(showId, "admits");
  }

  /**
   * Change log of the line (stream): the tickets of waiters taken out of the line other than from its head, so that
   * readers follow the line by its changes ({@code lua/queue/lib/log.lua}, {@link LineReader}). Trimmed to a window
   * of time at each tick.
   */
  public static String log(String showId) {
    return key(showId, "log");
  }

  /**
   * Arrival clock (zset): a time slot (epoch ms) → the last ticket given in it, so that the tick tells how long each
   * admitted user waited without a field per waiter ({@code lua/queue/lib/arrivals.lua}). Trimmed below the line's
   * head at each tick.
   */
  public static String arrivals(String showId) {
    return key(showId, "arrivals");
  }

  /**
   * Every key of the show (all in one slot), for what applies to the whole show at once, such as its expiry once the
   * show ended. A key added to the layout must be added here. The heartbeat bitmaps are not listed: each expires on
   * its own within the idle timeout.
   */
  public static List<String> all(String showId) {
    return List.of(seq(showId), waiting(showId), working(showId), meta(showId), pre(showId), admits(showId),
      log(showId), arrivals(showId));
  }

  /** The hash tag shared by every key of the show. */
  public static String hashTag(String showId) {
    return "{" + showId + "}";
  }

  private static String key(String showId, String suffix) {
    return "q:" + hashTag(showId) + ":" + suffix;
  }
}
