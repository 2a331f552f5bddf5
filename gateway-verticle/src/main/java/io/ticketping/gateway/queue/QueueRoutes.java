package io.ticketping.gateway.queue;

import io.ticketping.gateway.queue.batch.EntryBatches;
import io.ticketping.gateway.queue.pass.PassGuard;
import io.ticketping.gateway.queue.pass.QueuePass;
import io.ticketping.gateway.queue.pass.QueuePasses;
import io.ticketping.gateway.queue.pow.ProofVerifier;
import io.ticketping.gateway.queue.view.PolledShows;
import io.ticketping.gateway.web.ContractValidation;
import io.ticketping.gateway.web.Principal;
import io.ticketping.gateway.web.UserBuckets;
import io.ticketping.shared.breaker.HopFailures;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The waiting room over HTTP: enter, poll, leave, the caller's pass, and the admin's controls. */
public final class QueueRoutes {

  private final ServiceCalls calls;
  private final QueuePasses passes;
  private final PolledShows shows;
  private final EntryBatches entries;
  private final UserBuckets buckets;
  private final ProofVerifier proofs;

  public QueueRoutes(ServiceCalls calls, QueuePasses passes, PolledShows shows, EntryBatches entries,
                     UserBuckets buckets, ProofVerifier proofs) {
    this.calls = calls;
    this.passes = passes;
    this.shows = shows;
    this.entries = entries;
    this.buckets = buckets;
    this.proofs = proofs;
  }

  /**
   * Entering: limited by this instance's buckets, with the proof of work the show may ask for (checked in memory),
   * and batched with the other entries of the moment.
   */
  public void enter(RoutingContext ctx) {
    String showId = ctx.pathParam("showId");
    long userId = Principal.of(ctx).userId();
    if (!buckets.admit(ctx, userId)) {
      return;
    }
    Problem refused = proofs.refusal(ContractValidation.body(ctx), userId, showId, System.currentTimeMillis());
    if (refused != null) {
      ctx.fail(refused.toException());
      return;
    }
    entries.enter(showId, userId)
      .compose(status -> passes.withPass(status, showId, userId))
      .onSuccess(ctx::json)
      .onFailure(ctx::fail);
  }

  /**
   * Polling: the caller's place, which also keeps it (a heartbeat). Polls the gateway's view cannot answer from a
   * fresh line; while the queue service cannot answer them either, from the view's last line of the show (marked
   * stale when it is older than two ticks), so the page keeps showing the place ({@link PolledShows#lastKnown}).
   */
  public void status(RoutingContext ctx) {
    String showId = ctx.pathParam("showId");
    long userId = Principal.of(ctx).userId();
    calls.request(QueueAddresses.STATUS, userAtShow(ctx))
      .onSuccess(status -> shows.polled(showId))
      .recover(e -> {
        JsonObject known = HopFailures.unavailable(e) ? shows.lastKnown(showId, userId) : null;
        return known == null ? Future.failedFuture(e) : Future.succeededFuture(known);
      })
      .compose(status -> passes.withPass(status, showId, userId))
      .onSuccess(ctx::json)
      .onFailure(ctx::fail);
  }

  /**
   * Leaving. The view forgets the place before the queue removes it (no poll is answered from the view meanwhile) and
   * again after: a line read that began in between may still show it, and only lines begun later are trusted.
   */
  public void leave(RoutingContext ctx) {
    String showId = ctx.pathParam("showId");
    long userId = Principal.of(ctx).userId();
    shows.forget(showId, userId);
    calls.request(QueueAddresses.LEAVE, userAtShow(ctx))
      .onSuccess(reply -> {
        shows.forget(showId, userId);
        ctx.response().setStatusCode(204).end();
      })
      .onFailure(ctx::fail);
  }

  /** Behind the pass guard: what the caller's pass says. */
  public void pass(RoutingContext ctx) {
    QueuePass pass = PassGuard.of(ctx);
    ctx.json(new JsonObject().put("userId", pass.userId()).put("showId", pass.showId())
      .put("passId", pass.passId()).put("expiresAt", pass.expiresAtMillis()));
  }

  public void jwks(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "public, max-age=300");
    ctx.json(passes.jwks());
  }

  public void configure(RoutingContext ctx) {
    JsonObject settings = ContractValidation.body(ctx).copy().put("showId", ctx.pathParam("showId"));
    Object opensAt = settings.getValue("opensAt");
    if (opensAt instanceof String text) {
      try {
        settings.put("opensAt", Instant.parse(text).toEpochMilli());
      } catch (DateTimeParseException e) {
        ctx.fail(Problem.invalidField("opensAt",
          "'opensAt' must be an ISO-8601 instant such as 2026-12-01T10:00:00Z, or epoch milliseconds.").toException());
        return;
      }
    }
    admin(ctx, QueueAddresses.CONFIGURE, settings);
  }

  public void pause(RoutingContext ctx) {
    admin(ctx, QueueAddresses.PAUSE, show(ctx));
  }

  /** Reopens a paused, closed or draining queue. */
  public void resume(RoutingContext ctx) {
    admin(ctx, QueueAddresses.RESUME, show(ctx));
  }

  /** No arrivals, no admission; waiters are told CLOSED and keep their places for a reopen. */
  public void close(RoutingContext ctx) {
    admin(ctx, QueueAddresses.CLOSE, show(ctx));
  }

  /** No arrivals; the line already waiting is still admitted in order. */
  public void drain(RoutingContext ctx) {
    admin(ctx, QueueAddresses.DRAIN, show(ctx));
  }

  public void stats(RoutingContext ctx) {
    admin(ctx, QueueAddresses.STATS, show(ctx));
  }

  private void admin(RoutingContext ctx, String address, JsonObject body) {
    calls.request(address, body).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static JsonObject show(RoutingContext ctx) {
    return new JsonObject().put("showId", ctx.pathParam("showId"));
  }

  private static JsonObject userAtShow(RoutingContext ctx) {
    return show(ctx).put("userId", Principal.of(ctx).userId());
  }

  /** The show of a route with a {@code :showId} path parameter, for the pass guard. */
  public static Future<String> showInPath(RoutingContext ctx) {
    return Future.succeededFuture(ctx.pathParam("showId"));
  }
}
