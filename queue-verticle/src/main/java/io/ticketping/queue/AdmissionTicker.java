package io.ticketping.queue;

import io.ticketping.shared.problem.ProblemException;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the admission tick of every live show on a timer and publishes what each tick did on
 * {@link QueueAddresses#TICKED}. Live shows are those on the tickers' list ({@link WaitingRoom#shows}): a show leaves
 * it when it ends, or when a tick finds it closed with nobody waiting or admitted, so a round's work is that of the
 * shows still running, however many ever ran; a show that left also stops exporting its meters. Any number of
 * tickers may run at once, in one JVM or many: the tick is one atomic script, so a second ticker only makes admission
 * more timely, never exceed capacity or rate. A ticker never overlaps itself: while one round is still running (Redis
 * slow, many shows), the next is skipped.
 */
public final class AdmissionTicker {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionTicker.class);

  private final Vertx vertx;
  private final WaitingRoom room;
  private final long tickMillis;
  private final QueueMeters meters;
  private final AtomicBoolean running = new AtomicBoolean();
  /** The shows of the previous round: those missing from this one lost their meters. Only one round runs at once. */
  private Set<String> walked = Set.of();
  private long timerId = -1;

  public AdmissionTicker(Vertx vertx, WaitingRoom room, long tickMillis) {
    this.vertx = vertx;
    this.room = room;
    this.tickMillis = tickMillis;
    this.meters = new QueueMeters(vertx);
  }

  public AdmissionTicker start() {
    timerId = vertx.setPeriodic(tickMillis, id -> tick());
    return this;
  }

  public void stop() {
    vertx.cancelTimer(timerId);
  }

  /**
   * One round over every live show. Completes with the results of the shows ticked (an empty list when skipped because
   * the previous round still runs); one show failing does not stop the others.
   */
  public Future<List<TickResult>> tick() {
    if (!running.compareAndSet(false, true)) {
      return Future.succeededFuture(List.of());
    }
    return room.shows()
      .compose(this::tickAll)
      .onFailure(e -> LOG.warn("Admission tick failed: {}", e.toString()))
      .eventually(() -> {
        running.set(false);
        return Future.succeededFuture();
      });
  }

  private Future<List<TickResult>> tickAll(List<String> shows) {
    meters.walked(shows.size());
    Set<String> now = new HashSet<>(shows);
    for (String gone : walked) {
      if (!now.contains(gone)) {
        meters.forget(gone);
      }
    }
    walked = now;
    List<Future<TickResult>> ticks = new ArrayList<>(shows.size());
    for (String showId : shows) {
      ticks.add(tickOne(showId));
    }
    return Future.join(ticks).transform(done -> {
      List<TickResult> results = new ArrayList<>(ticks.size());
      for (Future<TickResult> tick : ticks) {
        if (tick.succeeded() && tick.result() != null) {
          results.add(tick.result());
        }
      }
      return Future.succeededFuture(results);
    });
  }

  private Future<TickResult> tickOne(String showId) {
    return room.tick(showId)
      .onSuccess(result -> {
        meters.record(result);
        // Streams need a refresh when places moved; while people wait, a heartbeat event also keeps ETAs fresh.
        if (result.changedAnything() || result.waiting() > 0) {
          vertx.eventBus().publish(QueueAddresses.TICKED, result.toEvent());
        }
      })
      .compose(result -> result.closedAndEmpty() ? room.unlist(showId).map(result) : Future.succeededFuture(result))
      .recover(e -> {
        if (e instanceof ProblemException) {
          // The show's queue is gone (e.g. Redis was flushed): stop ticking it.
          return room.forget(showId).map((TickResult) null);
        }
        LOG.warn("Admission tick of show {} failed: {}", showId, e.toString());
        return Future.succeededFuture();
      });
  }
}
