package io.ticketping.gateway;

import io.ticketping.gateway.auth.AccessTokens;
import io.ticketping.gateway.auth.AuthRoutes;
import io.ticketping.gateway.auth.BearerAuth;
import io.ticketping.gateway.auth.PasswordHasher;
import io.ticketping.gateway.auth.RefreshTokens;
import io.ticketping.gateway.health.HealthRoutes;
import io.ticketping.gateway.queue.PassGuard;
import io.ticketping.gateway.queue.QueuePasses;
import io.ticketping.gateway.queue.QueueRoutes;
import io.ticketping.gateway.queue.QueueStreams;
import io.ticketping.gateway.users.UserRepository;
import io.ticketping.gateway.users.UserRoutes;
import io.ticketping.gateway.web.AccessLog;
import io.ticketping.gateway.web.Bodies;
import io.ticketping.gateway.web.InvalidRequests;
import io.ticketping.gateway.web.JsonBody;
import io.ticketping.gateway.web.ProblemResponder;
import io.ticketping.gateway.web.RateLimiter;
import io.ticketping.gateway.web.ServiceCalls;
import io.ticketping.gateway.web.Principal;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP entry of TicketPing. Deployed once per core; all instances share the port (Vert.x spreads the
 * connections over them), the PostgreSQL pool and, through Redis, the rate-limit buckets and refresh tokens.
 */
public class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);

  private Redis redis;
  private Pool pool;
  private HttpServer server;
  private QueuePasses passes;
  private ServiceCalls calls;
  private QueueStreams streams;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    redis = RedisClients.create(vertx, config);
    pool = PgPools.create(vertx, config);
    AccessTokens accessTokens = new AccessTokens(vertx, config.getJsonObject("jwt"));
    passes = new QueuePasses(vertx, config.getJsonObject("queuePass"));
    calls = new ServiceCalls(vertx.eventBus(), config.getJsonObject("services").getLong("requestTimeoutMs"));
    return Future.all(Bodies.load(vertx), UserRepository.migrate(vertx, pool))
      .compose(loaded -> vertx.executeBlocking(() -> new PasswordHasher(vertx,
          config.getJsonObject("auth").getInteger("pbkdf2Iterations")))
        .compose(hasher -> {
          Router router = router(config, accessTokens, hasher, loaded.resultAt(0));
          JsonObject http = config.getJsonObject("http");
          return vertx.createHttpServer(new HttpServerOptions()
              .setHost(http.getString("host"))
              .setPort(http.getInteger("port"))
              .setCompressionSupported(false)
              .setMaxInitialLineLength(8192)
              .setMaxHeaderSize(16 * 1024))
            .invalidRequestHandler(new InvalidRequests())
            .requestHandler(router)
            .listen();
        }))
      .compose(s -> streams.start().map(s))
      .onSuccess(s -> {
        server = s;
        LOG.debug("Gateway instance listening on port {}", s.actualPort());
      });
  }

  /** The port this instance listens on (useful when configured with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return Future.join(streams == null ? Future.succeededFuture() : streams.stop(), redis.close(), pool.close());
  }

  private Router router(JsonObject config, AccessTokens accessTokens, PasswordHasher hasher, Bodies bodies) {
    JsonBody signupBody = bodies.signup();
    JsonBody loginBody = bodies.login();
    JsonBody queueSettingsBody = bodies.queueSettings();
    JsonObject limits = config.getJsonObject("rateLimit");
    UserRepository users = new UserRepository(pool);
    RefreshTokens refreshTokens = new RefreshTokens(redis, config.getJsonObject("jwt").getLong("refreshTokenTtlSeconds"));
    AuthRoutes auth = new AuthRoutes(users, hasher, accessTokens, refreshTokens,
      config.getJsonObject("auth").getBoolean("secureCookie"));
    UserRoutes userRoutes = new UserRoutes(users);
    HealthRoutes health = new HealthRoutes(redis, pool);
    BearerAuth bearer = new BearerAuth(accessTokens);
    RateLimiter perIp = RateLimiter.perIp(redis, limits.getInteger("perIpCapacity"),
      limits.getDouble("perIpRefillPerSecond"));
    RateLimiter perUser = RateLimiter.perUser(redis, limits.getInteger("perUserCapacity"),
      limits.getDouble("perUserRefillPerSecond"));
    ProblemResponder problems = new ProblemResponder();
    QueueRoutes queue = new QueueRoutes(calls, passes);
    streams = new QueueStreams(vertx, calls, queue);

    Router router = Router.router(vertx);
    if (config.getJsonObject("http").getBoolean("accessLog")) {
      router.route().handler(new AccessLog());
    }
    router.route("/api/*").handler(BodyHandler.create(false)
      .setBodyLimit(config.getJsonObject("http").getLong("bodyLimitBytes")));

    router.get("/health").handler(health::health);
    router.get("/ready").handler(health::ready);

    router.post("/api/v1/auth/signup").handler(perIp).handler(signupBody).handler(auth::signup);
    router.post("/api/v1/auth/login").handler(perIp).handler(loginBody).handler(auth::login);
    router.post("/api/v1/auth/refresh").handler(perIp).handler(auth::refresh);
    router.post("/api/v1/auth/logout").handler(perIp).handler(auth::logout);

    router.get("/api/v1/me").handler(bearer).handler(perUser).handler(userRoutes::me);

    router.get("/.well-known/jwks.json").handler(queue::jwks);
    router.post("/api/v1/queue/:showId").handler(bearer).handler(perUser).handler(queue::enter);
    router.get("/api/v1/queue/:showId").handler(bearer).handler(perUser).handler(queue::status);
    router.delete("/api/v1/queue/:showId").handler(bearer).handler(perUser).handler(queue::leave);
    router.get("/api/v1/queue/:showId/stream").handler(bearer.allowingQueryToken()).handler(perUser)
      .handler(streams::open);
    router.get("/api/v1/queue/:showId/pass").handler(bearer).handler(perUser)
      .handler(new PassGuard(passes, calls, QueueRoutes::showInPath)).handler(queue::pass);
    Handler<RoutingContext> admin = BearerAuth.requireRole(Principal.ADMIN);
    router.put("/api/v1/admin/shows/:showId/queue").handler(bearer).handler(admin).handler(perUser)
      .handler(queueSettingsBody).handler(queue::configure);
    router.get("/api/v1/admin/shows/:showId/queue").handler(bearer).handler(admin).handler(perUser).handler(queue::stats);
    router.post("/api/v1/admin/shows/:showId/queue/pause").handler(bearer).handler(admin).handler(perUser)
      .handler(queue::pause);
    router.post("/api/v1/admin/shows/:showId/queue/resume").handler(bearer).handler(admin).handler(perUser)
      .handler(queue::resume);
    router.get("/api/v1/admin/users").handler(bearer).handler(admin).handler(perUser).handler(userRoutes::list);

    router.route().failureHandler(problems);
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 414, 415, 429, 500}) {
      router.errorHandler(status, problems);
    }
    return router;
  }
}
