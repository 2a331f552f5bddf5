package io.ticketping.shared.queue;

/**
 * Redis key names of the waiting room. Every key of one show carries the hash tag {@code {showId}}, so a script may
 * touch all of them on Redis Cluster (they share one slot), while different shows spread over the slots.
 */
public final class QueueKeys {

  /** The ids of every configured show (a set, in its own slot; used only with single-key commands). */
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

  /** The hash tag shared by every key of the show. */
  public static String hashTag(String showId) {
    return "{" + showId + "}";
  }

  private static String key(String showId, String suffix) {
    return "q:" + hashTag(showId) + ":" + suffix;
  }
}
