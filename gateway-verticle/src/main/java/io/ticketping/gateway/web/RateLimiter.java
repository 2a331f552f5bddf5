package io.ticketping.gateway.web;

import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.ticketping.shared.redis.LuaScript;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * A token bucket per client in Redis ({@code lua/rate_limit.lua}: one atomic call per request, shared by every
 * gateway). Over the limit: 429 with {@code Retry-After}. If Redis cannot answer, the request passes: refusing all
 * traffic because the limiter is down would turn a Redis blip into an outage.
 */
public final class RateLimiter implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  private static final LuaScript SCRIPT = LuaScript.fromResource(RateLimiter.class, "lua/rate_limit.lua");

  private final Redis redis;
  private final int capacity;
  private final double refillPerSecond;
  private final Function<RoutingContext, String> clientKey;

  private RateLimiter(Redis redis, int capacity, double refillPerSecond, Function<RoutingContext, String> clientKey) {
    this.redis = redis;
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.clientKey = clientKey;
  }

  /** Limits by client address; for routes without a user, such as signup and login. */
  public static RateLimiter perIp(Redis redis, int capacity, double refillPerSecond) {
    return new RateLimiter(redis, capacity, refillPerSecond,
      ctx -> "rl:ip:" + (ctx.request().remoteAddress() == null ? "-" : ctx.request().remoteAddress().host()));
  }

  /** Limits by authenticated user; place it after the bearer-token check. */
  public static RateLimiter perUser(Redis redis, int capacity, double refillPerSecond) {
    return new RateLimiter(redis, capacity, refillPerSecond, ctx -> "rl:user:" + Principal.of(ctx).userId());
  }

  @Override
  public void handle(RoutingContext ctx) {
    SCRIPT.call(redis, 1, clientKey.apply(ctx), capacity, refillPerSecond, 1).onComplete(result -> {
      if (result.failed()) {
        LOG.warn("Rate limiter unavailable, letting the request through: {}", result.cause().toString());
        ctx.next();
        return;
      }
      Response reply = result.result();
      ctx.response().putHeader("RateLimit-Remaining", reply.get(1).toString());
      if (reply.get(0).toInteger() == 1) {
        ctx.next();
      } else {
        long retryAfterSeconds = Math.max(1, (reply.get(2).toLong() + 999) / 1000);
        ctx.fail(new ProblemException(
          Problem.tooManyRequests("Too many requests; retry in " + retryAfterSeconds + " s."), retryAfterSeconds));
      }
    });
  }
}
