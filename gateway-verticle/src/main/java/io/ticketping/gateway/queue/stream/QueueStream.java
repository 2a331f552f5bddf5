package io.ticketping.gateway.queue.stream;

import io.ticketping.shared.queue.QueueStatus;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/** One open Server-Sent Events connection of one user at one show. Confined to its gateway's event loop. */
final class QueueStream {

  final long userId;
  final String showId;
  private final HttpServerResponse response;
  private long nextEventId;
  /** What the last event said (status, queue state, sold-out kind; position) and when: a place is not sent twice. */
  private String lastKind;
  private String lastState;
  private String lastSoldOut;
  private Long lastPosition;
  private long lastSentAt;
  /** When anything (an event or a comment) was last written; the stream opened then at first. */
  private long lastWriteAt = System.currentTimeMillis();
  private boolean ended;
  private boolean slotReleased;

  QueueStream(long userId, String showId, HttpServerResponse response, long firstEventId) {
    this.userId = userId;
    this.showId = showId;
    this.response = response;
    this.nextEventId = firstEventId;
  }

  boolean ended() {
    return ended;
  }

  /**
   * Pushes the user's current place when it changed since the last event: {@code position} while waiting or
   * pre-queued, {@code soldout} while no seat is on sale and {@code closed} while the queue is closed (both keep the
   * place, so the stream stays open and goes on with {@code position} when the line moves again), an
   * {@code admitted} event (then the stream ends: the client has what it waited for), or a {@code left} event when
   * the place is gone. Further back than {@link PositionPace#FRONT}, a position that only moved waits for its turn.
   */
  void push(JsonObject status) {
    if (ended) {
      return;
    }
    String kind = status.getString("status");
    switch (kind) {
      case "ADMITTED" -> {
        send("admitted", status);
        end();
      }
      case "NONE" -> {
        send("left", new JsonObject().put("status", "NONE")
          .put("detail", "Your place in line is gone (you left, or stopped responding for too long)."));
        end();
      }
      default -> {
        String state = status.getString("state");
        String soldOut = status.getString("soldOut");
        Long position = status.getLong("position");
        long now = System.currentTimeMillis();
        if (due(kind, state, soldOut, position, status.getLong("etaSeconds"), now)) {
          lastKind = kind;
          lastState = state;
          lastSoldOut = soldOut;
          lastPosition = position;
          lastSentAt = now;
          send(eventName(kind), status);
        }
      }
    }
  }

  /**
   * Whether {@link #push} would write this place now: the fan-out asks before it builds the event, since at a tick
   * most streams further back have nothing due. Admissions and departures always go out.
   */
  boolean wants(QueueStatus place, long now) {
    return !ended && (QueueStatus.ADMITTED.equals(place.status()) || QueueStatus.NONE.equals(place.status())
      || due(place.status(), place.state(), place.soldOut(), place.position(), place.etaSeconds(), now));
  }

  /**
   * Whether a due place must go out at this tick: a new kind of place, or a place near the head. The rest (a place
   * further back that only moved) may wait a tick when the fan-out has spent its budget.
   */
  boolean urgent(QueueStatus place) {
    Long position = place.position();
    return position == null || position <= PositionPace.FRONT || !place.status().equals(lastKind)
      || !Objects.equals(place.state(), lastState) || !Objects.equals(place.soldOut(), lastSoldOut);
  }

  /**
   * A new kind of place (the queue paused, resumed, sold out, closed) is due at once; the same kind with another
   * position waits for its turn ({@link PositionPace}), and a later tick sends the newest place. A slow reader gets
   * the newest place on a later tick instead of a growing backlog.
   */
  private boolean due(String kind, String state, String soldOut, Long position, Long etaSeconds, long now) {
    boolean sameKind = kind.equals(lastKind) && Objects.equals(state, lastState)
      && Objects.equals(soldOut, lastSoldOut);
    if (sameKind && Objects.equals(position, lastPosition)) {
      return false;
    }
    boolean inTurn = !sameKind || position == null || now - lastSentAt >= PositionPace.gapMillis(position, etaSeconds);
    return inTurn && !response.writeQueueFull();
  }

  private static String eventName(String status) {
    return switch (status) {
      case "SOLD_OUT" -> "soldout";
      case "CLOSED" -> "closed";
      default -> "position";
    };
  }

  /** A comment when nothing was written for {@code silentMillis}: a stream that hears its place needs none. */
  void keepAlive(long now, long silentMillis) {
    if (!ended && now - lastWriteAt >= silentMillis && !response.writeQueueFull()) {
      lastWriteAt = now;
      response.write(": keep-alive\n\n");
    }
  }

  void end() {
    if (!ended) {
      ended = true;
      response.end();
    }
  }

  void markClosed() {
    ended = true;
  }

  /** Marks the stream over and says whether its slot is still to be given back (true once only). */
  boolean releaseSlot() {
    ended = true;
    if (slotReleased) {
      return false;
    }
    slotReleased = true;
    return true;
  }

  private void send(String event, JsonObject data) {
    lastWriteAt = System.currentTimeMillis();
    response.write("id: " + nextEventId++ + "\nevent: " + event + "\ndata: " + data.encode() + "\n\n");
  }
}
