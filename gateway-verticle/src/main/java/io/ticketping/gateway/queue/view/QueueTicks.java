package io.ticketping.gateway.queue.view;

import io.ticketping.gateway.web.UserBuckets;
import io.ticketping.shared.queue.LineView;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What this gateway instance does at the queue's announcements. Places move only at an admission tick (or when
 * someone leaves), so at each tick ({@link QueueAddresses#TICKED}) of a show polled or streamed here it writes the
 * heartbeats of the polls answered since the last one ({@link PollHeartbeats}) and, on the reader instance, has the
 * show's line read ({@link LineRefresh}); a fresh line ({@link LineRefresh#LINE_READ}) settles the departures it holds
 * and goes to the streams here ({@link LineWatchers}). A place given up ({@link QueueAddresses#LEFT}) is forgotten at
 * once. So Redis work grows with ticks × gateway JVMs, not with polls nor with the length of the lines. Confined to
 * the event loop of the instance that created it.
 */
public final class QueueTicks {

  private final Vertx vertx;
  private final PolledShows shows;
  private final PollHeartbeats heartbeats;
  private final LineRefresh refresh;
  private final UserBuckets buckets;
  private final LineWatchers watchers;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private long prunedAt;

  public QueueTicks(Vertx vertx, PolledShows shows, PollHeartbeats heartbeats, LineRefresh refresh,
                    UserBuckets buckets, LineWatchers watchers) {
    this.vertx = vertx;
    this.shows = shows;
    this.heartbeats = heartbeats;
    this.refresh = refresh;
    this.buckets = buckets;
    this.watchers = watchers;
  }

  public Future<Void> start() {
    consumers.add(vertx.eventBus().consumer(QueueAddresses.TICKED, this::onTick));
    consumers.add(vertx.eventBus().consumer(QueueAddresses.LEFT,
      m -> shows.forget(m.body().getString("showId"), m.body().getLong("userId"))));
    consumers.add(vertx.eventBus().localConsumer(LineRefresh.LINE_READ, m -> onLine(m.body().getString("showId"))));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  public Future<Void> stop() {
    refresh.stop();
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  private void onTick(Message<JsonObject> tick) {
    String showId = tick.body().getString("showId");
    long now = System.currentTimeMillis();
    if (now - prunedAt >= 1000) {
      prunedAt = now;
      buckets.prune(now);
    }
    if (watchers.watches(showId)) {
      shows.note(showId, now);
    }
    if (shows.keptAt(showId, now)) {
      heartbeats.flush(showId, now);
    } else {
      heartbeats.drop(showId);
    }
    refresh.onTick(showId, now);
  }

  /** A fresh line of the show is shared: departures it holds are settled, and the streams here get their places. */
  private void onLine(String showId) {
    LineView line = shows.settle(showId);
    if (line != null) {
      watchers.onLine(showId, line);
    }
  }
}
