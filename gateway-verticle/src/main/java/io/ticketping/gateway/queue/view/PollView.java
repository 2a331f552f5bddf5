package io.ticketping.gateway.queue.view;

import io.ticketping.gateway.queue.pass.QueuePasses;
import io.ticketping.gateway.web.Principal;
import io.ticketping.gateway.web.UserBuckets;
import io.ticketping.shared.queue.LineView;
import io.ticketping.shared.queue.QueueStatus;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/queue/:showId} answered from the gateways' view of the line, so that a status poll costs no Redis
 * call and no event-bus hop: from a line at most two ticks old ({@link PolledShows}), with the exact position, the
 * poll's heartbeat written with the others at the next tick ({@link PollHeartbeats}). The show's first polls, users
 * who arrived since the last read, pre-queued users, users gone since and anything else go on to the next handler
 * (the queue service).
 *
 * <p>Polls answered here are rate-limited by token buckets of this instance (the size and refill of the per-user
 * Redis bucket): they cost no shared resource, so a shared bucket would cost more than it protects. Runs on the event
 * loop of the verticle instance that created it.
 */
public final class PollView implements Handler<RoutingContext> {

  private final PolledShows shows;
  private final PollHeartbeats heartbeats;
  private final UserBuckets buckets;
  private final QueuePasses passes;

  public PollView(PolledShows shows, PollHeartbeats heartbeats, UserBuckets buckets, QueuePasses passes) {
    this.shows = shows;
    this.heartbeats = heartbeats;
    this.buckets = buckets;
    this.passes = passes;
  }

  /** Answers from the view when it can, else hands the poll on. */
  @Override
  public void handle(RoutingContext ctx) {
    String showId = ctx.pathParam("showId");
    long userId = Principal.of(ctx).userId();
    long now = System.currentTimeMillis();
    LineView line = shows.freshLine(showId, userId, now);
    JsonObject status = line == null ? null : line.statusOf(userId);
    if (status == null) {
      ctx.next();
      return;
    }
    if (!buckets.admit(ctx, userId)) {
      return;
    }
    // Whoever has a place keeps it by polling, also while the line stands still (SOLD_OUT, CLOSED).
    if (!QueueStatus.ADMITTED.equals(status.getString("status")) && status.getValue("position") != null) {
      heartbeats.beat(showId, userId, now, line.idleTimeoutSeconds());
    }
    passes.withPass(status, showId, userId)
      .onSuccess(answer -> ctx.response().putHeader("Content-Type", "application/json").end(answer.toBuffer()))
      .onFailure(ctx::fail);
  }
}
