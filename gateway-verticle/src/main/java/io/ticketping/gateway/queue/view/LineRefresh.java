package io.ticketping.gateway.queue.view;

import io.ticketping.shared.queue.LineReader;
import io.ticketping.shared.queue.LineView;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the shared lines up to date. After each tick of a show polled or streamed on this Vert.x, the one instance
 * that reads for it ({@link SharedLines#reads()}) brings its line up to date by the line's changes since the last
 * read ({@link LineReader}: Redis work independent of the line's length) and announces it on {@link #LINE_READ} to
 * every instance here. Confined to the event loop of the instance that created it.
 */
public final class LineRefresh {

  /** Local announcement that the reader instance has put a fresh line of a show into the shared lines. */
  static final String LINE_READ = "ticketping.gateway.queue-line-read";
  private static final Logger LOG = LoggerFactory.getLogger(LineRefresh.class);

  private final Vertx vertx;
  private final LineReader reader;
  private final SharedLines lines;
  private final long minGapMillis;
  private final long forgetAfterMillis;
  /** On the reader: when each show's last read began, or -1 while one is running. */
  private final Map<String, Long> reading = new HashMap<>();

  /**
   * @param tickMillis        the admission tick interval; several tickers may each announce the same tick
   * @param forgetAfterMillis a show not polled or streamed for this long is no longer read at its ticks
   */
  public LineRefresh(Vertx vertx, Redis redis, SharedLines lines, long tickMillis, long forgetAfterMillis) {
    this.vertx = vertx;
    this.reader = new LineReader(vertx, redis);
    this.lines = lines;
    this.minGapMillis = tickMillis / 2;
    this.forgetAfterMillis = forgetAfterMillis;
  }

  /** At a tick of the show: on the reader instance, reads its line if anyone here polled or streamed it lately. */
  void onTick(String showId, long now) {
    if (lines.reads() && lines.interesting(showId, now, forgetAfterMillis)) {
      read(showId, now);
    }
  }

  /** Hands the reading on to another instance. */
  void stop() {
    lines.stopReading();
  }

  /** Brings the show's shared line up to date by its changes (a new one starts from the line itself). */
  private void read(String showId, long requestedAt) {
    Long last = reading.get(showId);
    if (last != null && (last < 0 || requestedAt - last < minGapMillis)) {
      return; // still reading (negative), or read for this tick already
    }
    reading.put(showId, -1L);
    LineView shared = lines.line(showId);
    LineView line = shared != null ? shared : new LineView();
    reader.refresh(showId, line, requestedAt)
      .onComplete(done -> reading.put(showId, requestedAt))
      .onFailure(e -> LOG.debug("Queue line of show {} not read: {}", showId, e.toString()))
      .onSuccess(exists -> {
        if (!exists) {
          lines.put(showId, null); // the show's queue is gone
          return;
        }
        if (shared == null) {
          lines.put(showId, line);
        }
        vertx.eventBus().publish(LINE_READ, new JsonObject().put("showId", showId));
      });
  }
}
