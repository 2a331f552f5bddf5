package io.ticketping.gateway.queue.view;

import io.ticketping.gateway.queue.batch.QueueBatches;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The heartbeats of the polls this gateway instance answered from its view: whoever has a place keeps it by polling,
 * and a poll answered here reaches no queue service. So they are collected per show and written at the show's next
 * tick in batched calls ({@link QueueAddresses#HEARTBEAT}), once per user per eighth of the idle timeout. Confined to
 * the event loop of the instance that created it.
 */
public final class PollHeartbeats {

  private static final Logger LOG = LoggerFactory.getLogger(PollHeartbeats.class);
  private static final int ROUNDS_PER_IDLE_TIMEOUT = 8;

  private final ServiceCalls calls;
  private final QueueBatches batches;
  private final long minGapMillis;
  private final Map<String, ShowBeats> byShow = new HashMap<>();

  /** {@code tickMillis}: the admission tick interval; several tickers may each announce the same tick. */
  public PollHeartbeats(ServiceCalls calls, QueueBatches batches, long tickMillis) {
    this.calls = calls;
    this.batches = batches;
    this.minGapMillis = tickMillis / 2;
  }

  /**
   * Queues the user's heartbeat unless one was queued this round. A round is an eighth of the idle timeout, so two
   * heartbeats of a polling user are at most a quarter of it apart, as an open stream's are: each of the queue's
   * heartbeat generations (half the idle timeout) sees two. A user polling every few seconds costs Redis one entry
   * in a batch per round, not one per poll.
   */
  void beat(String showId, long userId, long now, long idleTimeoutSeconds) {
    byShow.computeIfAbsent(showId, s -> new ShowBeats()).beat(userId, now, idleTimeoutSeconds);
  }

  /** At a tick of the show: writes the heartbeats queued since the last one (once per tick, however announced). */
  void flush(String showId, long now) {
    ShowBeats show = byShow.computeIfAbsent(showId, s -> new ShowBeats());
    if (now - show.sentAt < minGapMillis) {
      return;
    }
    show.sentAt = now;
    if (show.beats.isEmpty()) {
      return;
    }
    List<Long> beats = new ArrayList<>(show.beats);
    show.beats.clear();
    for (JsonObject batch : batches.bodies(showId, beats)) {
      calls.request(QueueAddresses.HEARTBEAT, batch)
        .onFailure(e -> LOG.debug("Heartbeats of show {} not written: {}", showId, e.toString()));
    }
  }

  /** Nobody polls the show here any more: its pending heartbeats are moot. */
  void drop(String showId) {
    byShow.remove(showId);
  }

  /** The heartbeats of one show on this instance. */
  private static final class ShowBeats {
    long sentAt;
    final Set<Long> beats = new HashSet<>();
    /** Users whose heartbeat went out (or is due) in the current round, and when that round began. */
    final Set<Long> beatenThisRound = new HashSet<>();
    long roundStartedAt;

    void beat(long userId, long now, long idleTimeoutSeconds) {
      if (now - roundStartedAt >= idleTimeoutSeconds * 1000 / ROUNDS_PER_IDLE_TIMEOUT) {
        roundStartedAt = now;
        beatenThisRound.clear();
      }
      if (beatenThisRound.add(userId)) {
        beats.add(userId);
      }
    }
  }
}
