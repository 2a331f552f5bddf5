package io.ticketping.gateway.queue.view;

import io.ticketping.shared.queue.LineView;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * The shows polled or streamed on this gateway instance, and who gave up a place in them since their line was read.
 * A poll is answered from a line at most two ticks old, and never from a line that may still show a place given up
 * (left, or its slot released): such a user's polls go on to the queue service until a line read after the departure
 * arrives. A show is noted in the shared lines at most once a second, and forgotten here once nobody polled or
 * streamed it for a while. Confined to the event loop of the instance that created it.
 */
public final class PolledShows {

  private final SharedLines lines;
  private final long maxAgeMillis;
  private final long forgetAfterMillis;
  private final Map<String, Show> shows = new HashMap<>();

  /**
   * @param tickMillis        the admission tick interval: a line older than two ticks is not answered from
   * @param forgetAfterMillis a show not polled or streamed for this long is forgotten here
   */
  public PolledShows(SharedLines lines, long tickMillis, long forgetAfterMillis) {
    this.lines = lines;
    this.maxAgeMillis = 2 * tickMillis;
    this.forgetAfterMillis = forgetAfterMillis;
  }

  /**
   * The show's line to answer the user's poll from, noting that the show is polled here; {@code null} when the queue
   * service must answer: no line here (yet), one older than two ticks, or the user gave up a place since it was read.
   */
  public LineView freshLine(String showId, long userId, long now) {
    LineView line = lines.line(showId);
    if (line == null) {
      // Not read here (yet): the queue service answers, and its answer marks the show for reading (polled()). So
      // state is only ever kept for shows that exist, whatever show ids clients send.
      return null;
    }
    Show show = noted(showId, now);
    return now - line.takenAt() > maxAgeMillis || show.goneAt.containsKey(userId) ? null : line;
  }

  /**
   * The user's status from this instance's line of the show whatever its age, for a poll the queue service could not
   * answer (down, or its breaker open): marked {@code stale: true} when the line is more than two ticks old (no tick
   * came to refresh it). {@code null} when there is no line here, the user is not in it, or left since.
   */
  public JsonObject lastKnown(String showId, long userId) {
    LineView line = lines.line(showId);
    Show show = shows.get(showId);
    if (line == null || (show != null && show.goneAt.containsKey(userId))) {
      return null;
    }
    long now = System.currentTimeMillis();
    JsonObject status = line.statusOf(userId);
    if (status != null && now - line.takenAt() > maxAgeMillis) {
      status.put("stale", true);
    }
    return status;
  }

  /** The queue service answered a poll of the show: it exists and is polled here, so read its line at its ticks. */
  public void polled(String showId) {
    noted(showId, System.currentTimeMillis());
  }

  /** A place given up (left, or its slot released): never answered from a line that still shows it. */
  public void forget(String showId, Long userId) {
    if (userId == null || (lines.line(showId) == null && !lines.polledHere(showId))) {
      return; // no line here, and none being read, that could still show the place
    }
    long now = System.currentTimeMillis();
    // Also on an instance that has not answered this show yet: it may answer from the shared line next.
    Show show = shows.computeIfAbsent(showId, s -> new Show());
    show.notedAt = Math.max(show.notedAt, now - 1000); // kept at least until a newer line settles the departure
    show.goneAt.put(userId, now);
  }

  /** The show is followed here (streamed, say): notes it as polled, at most once a second. */
  void note(String showId, long now) {
    noted(showId, now);
  }

  /**
   * At a tick of the show: whether it is still followed here. A show nobody polled or streamed for a while is
   * forgotten (false), as is one never seen here.
   */
  boolean keptAt(String showId, long now) {
    Show show = shows.get(showId);
    if (show == null) {
      return false;
    }
    if (now - show.notedAt > forgetAfterMillis) {
      shows.remove(showId);
      return false;
    }
    return true;
  }

  /**
   * A fresh line of the show is shared: the departures announced before its read began are in it, so they are
   * settled. The line, or {@code null} when there is none.
   */
  LineView settle(String showId) {
    LineView line = lines.line(showId);
    Show show = shows.get(showId);
    if (line != null && show != null) {
      show.goneAt.values().removeIf(at -> at < line.takenAt());
    }
    return line;
  }

  /** The show's state here; notes (at most once a second) that the show is polled here. */
  private Show noted(String showId, long now) {
    Show show = shows.computeIfAbsent(showId, s -> new Show());
    if (now - show.notedAt >= 1000) {
      show.notedAt = now;
      lines.noteInterest(showId, now);
    }
    return show;
  }

  /** One show on this instance: when it was last noted, and who gave up a place when. */
  private static final class Show {
    long notedAt;
    final Map<Long, Long> goneAt = new HashMap<>();
  }
}
