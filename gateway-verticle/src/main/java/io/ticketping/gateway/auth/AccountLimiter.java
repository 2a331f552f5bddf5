package io.ticketping.gateway.auth;

import io.ticketping.gateway.users.UserRepository;
import io.ticketping.gateway.web.ContractValidation;
import io.ticketping.gateway.web.OpaqueKey;
import io.ticketping.gateway.web.RateLimiter;
import io.ticketping.shared.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The credential routes' limits per account, keyed by the email of the body (place it after the body check), whatever
 * address the attempts come from: a token bucket per account for signup and login ({@code rateLimit.perAccount*}),
 * and for login a delay that doubles with each failure past {@code rateLimit.loginFreeFailures}, from
 * {@code loginBackoffBaseSeconds} up to {@code loginBackoffMaxSeconds}, failures being forgotten
 * {@code loginFailureWindowSeconds} after the last attempt or at the first success. While the delay runs every attempt
 * on the account is answered 429 with {@code Retry-After} without its password being checked.
 * One script call per attempt ({@code lua/account_limit.lua}); a wrong password costs one more. Fails closed, as
 * {@link RateLimiter#perAddress} does.
 */
public final class AccountLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(AccountLimiter.class);
  private static final LuaScript CHECK = LuaScript.withLibraries(AccountLimiter.class, "lua/account_limit.lua",
    "lua/lib/token_bucket.lua", "lua/lib/login_failures.lua");
  private static final LuaScript FAILED = LuaScript.withLibraries(AccountLimiter.class, "lua/login_failed.lua",
    "lua/lib/token_bucket.lua", "lua/lib/login_failures.lua");

  private final Redis redis;
  private final RateLimiter.Bucket bucket;
  private final int freeFailures;
  private final long backoffBaseMs;
  private final long backoffMaxMs;
  private final long failureWindowMs;

  public AccountLimiter(Redis redis, JsonObject limits) {
    this.redis = redis;
    this.bucket = RateLimiter.Bucket.of(limits, "perAccount");
    this.freeFailures = limits.getInteger("loginFreeFailures");
    this.backoffBaseMs = limits.getLong("loginBackoffBaseSeconds") * 1000;
    this.backoffMaxMs = limits.getLong("loginBackoffMaxSeconds") * 1000;
    this.failureWindowMs = limits.getLong("loginFailureWindowSeconds") * 1000;
  }

  /** The account's bucket alone. */
  public Handler<RoutingContext> signup() {
    return ctx -> check(ctx, false);
  }

  /** The account's failure delay, then its bucket; the attempt counts as a failure until {@link #succeeded} says not. */
  public Handler<RoutingContext> login() {
    return ctx -> check(ctx, true);
  }

  /** The password was right: the account's failures are forgotten. */
  public Future<Void> succeeded(String email) {
    return redis.send(Request.cmd(Command.DEL).arg(failuresKey(email))).mapEmpty();
  }

  /**
   * The password was wrong: the account's next attempt waits from now. Never fails: the attempt was already counted
   * when it was let in, so a lost re-arm only lets the wait start a little earlier.
   */
  public Future<Void> failed(String email) {
    return FAILED.call(redis, 1, failuresKey(email), freeFailures, backoffBaseMs, backoffMaxMs, failureWindowMs)
      .<Void>mapEmpty()
      .otherwise(e -> {
        LOG.warn("Could not re-arm the login delay of an account: {}", e.toString());
        return null;
      });
  }

  private void check(RoutingContext ctx, boolean countFailures) {
    String email = ContractValidation.body(ctx).getString("email");
    CHECK.call(redis, 2, bucketKey(email), failuresKey(email), bucket.capacity(), bucket.refillPerSecond(),
        countFailures ? 1 : 0, freeFailures, backoffBaseMs, backoffMaxMs, failureWindowMs)
      .timeout(bucket.timeoutMs(), TimeUnit.MILLISECONDS)
      .onFailure(e -> ctx.fail(RateLimiter.unavailable(e)))
      .onSuccess(reply -> {
        if (reply.get(0).toInteger() == 1) {
          ctx.next();
        } else if ("failures".equals(reply.get(2).toString())) {
          ctx.fail(RateLimiter.tooMany("Too many failed logins on this account", reply.get(1).toLong()));
        } else {
          ctx.fail(RateLimiter.tooMany("Too many attempts on this account", reply.get(1).toLong()));
        }
      });
  }

  /** One hash tag per account, so that the script's two keys share a Redis Cluster slot. */
  private static String tag(String email) {
    return "{" + OpaqueKey.of(UserRepository.normalizeEmail(email)) + "}";
  }

  private static String bucketKey(String email) {
    return "rl:acct:" + tag(email);
  }

  private static String failuresKey(String email) {
    return "rl:fail:" + tag(email);
  }
}
