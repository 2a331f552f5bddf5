package io.ticketping.gateway.web;

import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.ticketping.shared.redis.LuaScript;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A token bucket per key in Redis ({@code lua/rate_limit.lua}: one atomic call per request, shared by every gateway).
 * Over the limit: 429 with {@code Retry-After}. Each factory says which key a purpose uses and what happens when Redis
 * cannot answer: the credential routes refuse (503), the others let the request through.
 */
public final class RateLimiter implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  private static final LuaScript SCRIPT = LuaScript.withLibraries(RateLimiter.class, "lua/rate_limit.lua",
    "lua/lib/token_bucket.lua");
  /** {@code Retry-After} of a credential route refused because its limiter is unavailable. */
  static final long UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

  private final Redis redis;
  private final Bucket bucket;
  private final Function<RoutingContext, String> key;
  private final boolean failClosed;

  private RateLimiter(Redis redis, Bucket bucket, Function<RoutingContext, String> key, boolean failClosed) {
    this.redis = redis;
    this.bucket = bucket;
    this.key = key;
    this.failClosed = failClosed;
  }

  /**
   * The burst and the sustained rate of one bucket ({@code rateLimit.<name>Capacity}, {@code <name>RefillPerSecond}),
   * and how long its check may wait for Redis before the limiter counts as unavailable
   * ({@code rateLimit.checkTimeoutMs}).
   */
  public record Bucket(int capacity, double refillPerSecond, long timeoutMs) {

    public static Bucket of(JsonObject limits, String name) {
      return new Bucket(limits.getInteger(name + "Capacity"), limits.getDouble(name + "RefillPerSecond"),
        limits.getLong("checkTimeoutMs"));
    }
  }

  /**
   * The credential routes (signup, login) per client address, before the body is read. Fails closed: an unlimited
   * login is an unlimited password guesser, so while Redis cannot answer these routes answer 503.
   */
  public static RateLimiter perAddress(Redis redis, Bucket bucket, ClientAddress clients) {
    return new RateLimiter(redis, bucket, ctx -> "rl:ip:" + clients.of(ctx.request()), true);
  }

  /**
   * Per authenticated user; place it after the bearer-token check. Fails open: the caller holds a short-lived token of
   * a known account, and refusing every buyer because the limiter's store blinked would turn a Redis blip into an
   * outage.
   */
  public static RateLimiter perUser(Redis redis, Bucket bucket) {
    return new RateLimiter(redis, bucket, ctx -> "rl:user:" + Principal.of(ctx).userId(), false);
  }

  /**
   * Per session ({@code session} reads what names it from the request; a request without one passes, as it changes
   * nothing), whatever the address: a page's seat-map polls never spend its session's refreshes. The key holds a
   * digest, never the value. Fails open: the refresh itself needs Redis, where the tokens live, and each token works
   * once, so a refresh let through while the limiter is down can do nothing a limited one could not.
   */
  public static RateLimiter perSession(Redis redis, Bucket bucket, Function<RoutingContext, String> session) {
    return new RateLimiter(redis, bucket, ctx -> {
      String value = session.apply(ctx);
      return value == null || value.isEmpty() ? null : "rl:session:" + OpaqueKey.of(value);
    }, false);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String bucketKey = key.apply(ctx);
    if (bucketKey == null) {
      ctx.next();
      return;
    }
    SCRIPT.call(redis, 1, bucketKey, bucket.capacity(), bucket.refillPerSecond(), 1)
      .timeout(bucket.timeoutMs(), TimeUnit.MILLISECONDS)
      .onFailure(e -> {
        if (failClosed) {
          ctx.fail(unavailable(e));
        } else {
          LOG.warn("Rate limiter unavailable, letting the request through: {}", e.toString());
          ctx.next();
        }
      })
      .onSuccess(reply -> {
        ctx.response().putHeader("RateLimit-Remaining", reply.get(1).toString());
        if (reply.get(0).toInteger() == 1) {
          ctx.next();
        } else {
          ctx.fail(tooMany("Too many requests", reply.get(2).toLong()));
        }
      });
  }

  /** A 429 telling to retry in {@code waitMs} (rounded up to whole seconds, at least one). */
  public static ProblemException tooMany(String why, long waitMs) {
    long retryAfterSeconds = Math.max(1, (waitMs + 999) / 1000);
    return new ProblemException(
      Problem.tooManyRequests(why + "; retry in " + retryAfterSeconds + " s."), retryAfterSeconds);
  }

  /** The 503 of a credential route whose limiter cannot answer: refused, never let through unthrottled. */
  public static ProblemException unavailable(Throwable cause) {
    LOG.warn("Credential rate limiter unavailable, refusing the request: {}", cause.toString());
    return new ProblemException(Problem.unavailable("Sign-in is paused: its rate limiter cannot reach its store; "
      + "retry in " + UNAVAILABLE_RETRY_AFTER_SECONDS + " s."), UNAVAILABLE_RETRY_AFTER_SECONDS);
  }
}
