package io.ticketping.gateway.queue.view;

import io.ticketping.shared.queue.LineView;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

import java.util.UUID;

/**
 * The lines of the shows polled or streamed on this Vert.x, shared by all its gateway instances: one of them (the
 * reader) brings a show's line up to date at each tick and the others answer from it, so a JVM reads each line's
 * changes once per tick however many event loops it runs. Backed by local maps, so any event loop may read them;
 * a {@link LineView} answers from any thread while its reader changes it.
 */
public final class SharedLines {

  private static final String READER_KEY = "reader";

  private final LocalMap<String, LineView> lines;
  private final LocalMap<String, Long> interest;
  private final LocalMap<String, String> reader;
  private final String instanceId;

  /** The shared lines as one gateway instance of {@code vertx} sees them (it may become their reader). */
  public SharedLines(Vertx vertx) {
    this(vertx, UUID.randomUUID().toString());
  }

  SharedLines(Vertx vertx, String instanceId) {
    this.lines = vertx.sharedData().getLocalMap("ticketping.queue-lines");
    this.interest = vertx.sharedData().getLocalMap("ticketping.queue-line-interest");
    this.reader = vertx.sharedData().getLocalMap("ticketping.queue-line-reader");
    this.instanceId = instanceId;
  }

  /** Whether this instance reads the lines; the first to ask becomes the reader, until it stops. */
  boolean reads() {
    String current = reader.putIfAbsent(READER_KEY, instanceId);
    return current == null || current.equals(instanceId);
  }

  /** Hands the reading on (the next instance to ask takes it). */
  void stopReading() {
    reader.removeIfPresent(READER_KEY, instanceId);
  }

  LineView line(String showId) {
    return lines.get(showId);
  }

  void put(String showId, LineView line) {
    if (line == null) {
      lines.remove(showId);
    } else {
      lines.put(showId, line);
    }
  }

  /** Someone polls or streams the show on this Vert.x now. */
  void noteInterest(String showId, long now) {
    interest.put(showId, now);
  }

  /** Whether the show is polled or streamed here, so that a read of its line may be under way. */
  boolean polledHere(String showId) {
    return interest.containsKey(showId);
  }

  /** Whether anyone polled or streamed the show here within {@code millis}; forgets the show's line otherwise. */
  boolean interesting(String showId, long now, long millis) {
    Long at = interest.get(showId);
    if (at != null && now - at <= millis) {
      return true;
    }
    interest.remove(showId);
    lines.remove(showId);
    return false;
  }
}
