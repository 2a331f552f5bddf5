package io.ticketping.gateway.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets per client address in this gateway instance's memory, for the public reads (the show list, a show,
 * a seat map): sized for a NAT's worth of buyers polling a seat map ({@code rateLimit.publicPerIp*}), they only stop
 * one address from flooding the gateway. No Redis call: a shared bucket would cost more than the read it guards, and
 * these reads change nothing, so nothing is lost when each instance counts on its own (an address meets the limit of
 * each instance its connections land on). Confined to the instance's event loop; full buckets are dropped as it goes.
 */
public final class AddressBuckets implements Handler<RoutingContext> {

  private final ClientAddress clients;
  private final double capacity;
  private final double refillPerMilli;
  private final long refillMillis;
  private final Map<String, Bucket> byAddress = new HashMap<>();
  private long prunedAt;

  public AddressBuckets(ClientAddress clients, RateLimiter.Bucket size) {
    this.clients = clients;
    this.capacity = size.capacity();
    this.refillPerMilli = size.refillPerSecond() / 1000;
    this.refillMillis = (long) Math.ceil(capacity / refillPerMilli);
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
    if (now - prunedAt >= refillMillis) {
      // A bucket untouched for a whole refill is full again: it equals a missing one.
      byAddress.values().removeIf(bucket -> now - bucket.at >= refillMillis);
      prunedAt = now;
    }
    Bucket bucket = byAddress.computeIfAbsent(address, a -> new Bucket(capacity, now));
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * refillPerMilli);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - bucket.tokens) / refillPerMilli);
  }

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }
}
