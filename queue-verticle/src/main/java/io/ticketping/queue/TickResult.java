package io.ticketping.queue;

import io.ticketping.shared.queue.Eta;
import io.ticketping.shared.queue.QueueStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * What one admission tick did to one show.
 *
 * @param admitted users moved from the head of the line to the working set, in line order
 * @param expired  passes that ran out and were dropped
 * @param dropped  waiters dropped for silence (ghosts)
 * @param opened   pre-queued users shuffled into the line at opening
 * @param admittedLastMinute admissions of the last minute (by ticks and by entering straight in), the ETA's rate
 * @param admitPerMinute     the configured admission rate (0 = no limit)
 * @param admittedTotal      everyone ever admitted to this show's working set (a counter kept in Redis)
 * @param soldOut            FOR_NOW or FOR_GOOD while no seat of the show is on sale (nobody is admitted), else
 *                           {@code null}
 * @param waitMillis         how long each of {@code admitted} waited from entering the line (a pre-queued user from
 *                           the opening) to this admission, in the same order
 * @param ghosts             the users of {@code dropped}
 */
public record TickResult(String showId, String state, List<Long> admitted, long waiting, long working,
                         long expired, long dropped, long opened, long admittedLastMinute, long admitPerMinute,
                         long admittedTotal, String soldOut, List<Long> waitMillis, List<Long> ghosts) {

  private static final int FIXED_FIELDS = 12;

  /**
   * Reads the {state, waiting, working, expired, dropped, opened, lastMinute, rate, total, soldOut, {waitMs...},
   * {ghost...}, admitted...}.
   */
  static TickResult fromReply(String showId, Response r) {
    List<Long> admitted = new ArrayList<>(Math.max(0, r.size() - FIXED_FIELDS));
    for (int i = FIXED_FIELDS; i < r.size(); i++) {
      admitted.add(r.get(i).toLong());
    }
    String soldOut = r.get(9).toString();
    return new TickResult(showId, r.get(0).toString(), admitted, r.get(1).toLong(), r.get(2).toLong(),
      r.get(3).toLong(), r.get(4).toLong(), r.get(5).toLong(), r.get(6).toLong(), r.get(7).toLong(),
      r.get(8).toLong(), soldOut.isEmpty() ? null : soldOut, longs(r.get(10)), longs(r.get(11)));
  }

  private static List<Long> longs(Response array) {
    List<Long> values = new ArrayList<>(array.size());
    array.forEach(value -> values.add(value.toLong()));
    return values;
  }

  /** Whether this tick's line moves: OPEN or DRAINING, and seats on sale. */
  public boolean admitting() {
    return QueueStatus.admitting(state, soldOut);
  }

  /** Seconds until the last waiter is admitted: 0 when nobody waits, {@code null} when the line is not moving. */
  public Long lastPlaceEtaSeconds() {
    if (waiting == 0) {
      return 0L;
    }
    return admitting() ? Eta.seconds(waiting, admittedLastMinute, admitPerMinute) : null;
  }

  /** CLOSED with nobody waiting and nobody admitted: later ticks would have nothing to do (see {@code live.lua}). */
  public boolean closedAndEmpty() {
    return QueueStatus.CLOSED.equals(state) && waiting == 0 && working == 0;
  }

  /** Whether anyone's position or pass may have changed, so that streams need a refresh. */
  public boolean changedAnything() {
    return !admitted.isEmpty() || expired > 0 || dropped > 0 || opened > 0;
  }

  /** The {@code queue.ticked} event: {showId, admitted, waiting, working, state, soldOut, expired, dropped, opened}. */
  public JsonObject toEvent() {
    return new JsonObject()
      .put("showId", showId)
      .put("admitted", new JsonArray(new ArrayList<>(admitted)))
      .put("waiting", waiting)
      .put("working", working)
      .put("state", state)
      .put("soldOut", soldOut)
      .put("expired", expired)
      .put("dropped", dropped)
      .put("opened", opened);
  }
}
