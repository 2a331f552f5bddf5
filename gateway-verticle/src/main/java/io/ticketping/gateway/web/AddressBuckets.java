package io.ticketping.gateway.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Token buckets per client address in this gateway instance's memory, for the public reads (the show list, a show,
 * a seat map): sized for a NAT's worth of buyers polling a seat map ({@code rateLimit.publicPerIp*}), they only stop
 * one address from flooding the gateway. No Redis call: a shared bucket would cost more than the read it guards, and
 * these reads change nothing, so nothing is lost when each instance counts on its own (an address meets the limit of
 * each instance its connections land on). Confined to the instance's event loop; full buckets are dropped as it goes.
 */
public final class AddressBuckets implements Handler<RoutingContext> {

  private final ClientAddress clients;
  private final LocalBuckets<String> byAddress;
  private long prunedAt;

  public AddressBuckets(ClientAddress clients, RateLimiter.Bucket size) {
    this.clients = clients;
    this.byAddress = new LocalBuckets<>(size.capacity(), size.refillPerSecond());
  }

  @Override
  public void handle(RoutingContext ctx) {
    long now = System.currentTimeMillis();
    long waitMillis = take(clients.of(ctx.request()), now);
    if (waitMillis == 0) {
      ctx.next();
    } else {
      ctx.fail(RateLimiter.tooMany("Too many requests", waitMillis));
    }
  }

  /** Takes one token of {@code address}'s bucket: 0 when taken, else the milliseconds until one is available. */
  long take(String address, long now) {
    if (now - prunedAt >= byAddress.refillMillis()) {
      byAddress.prune(now);
      prunedAt = now;
    }
    return byAddress.take(address, now);
  }
}
