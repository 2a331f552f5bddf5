package io.ticketping.gateway;

import io.ticketping.gateway.auth.AccessTokens;
import io.ticketping.gateway.auth.Sessions;
import io.ticketping.gateway.health.HealthRoutes;
import io.ticketping.gateway.health.KafkaProbe;
import io.ticketping.gateway.queue.QueueRoutes;
import io.ticketping.gateway.queue.batch.EntryBatches;
import io.ticketping.gateway.queue.batch.QueueBatches;
import io.ticketping.gateway.queue.pass.QueuePasses;
import io.ticketping.gateway.queue.pow.ChallengeSigner;
import io.ticketping.gateway.queue.pow.ProofRoutes;
import io.ticketping.gateway.queue.pow.ProofSettings;
import io.ticketping.gateway.queue.pow.ProofSettingsFeed;
import io.ticketping.gateway.queue.pow.ProofVerifier;
import io.ticketping.gateway.queue.pow.UsedChallenges;
import io.ticketping.gateway.queue.stream.QueueStreams;
import io.ticketping.gateway.queue.view.LineRefresh;
import io.ticketping.gateway.queue.view.PollHeartbeats;
import io.ticketping.gateway.queue.view.PollView;
import io.ticketping.gateway.queue.view.PolledShows;
import io.ticketping.gateway.queue.view.QueueTicks;
import io.ticketping.gateway.queue.view.SharedLines;
import io.ticketping.gateway.users.PasswordHasher;
import io.ticketping.gateway.users.UserRepository;
import io.ticketping.gateway.web.ApiContract;
import io.ticketping.gateway.web.HeaderReadTimeout;
import io.ticketping.gateway.web.InvalidRequests;
import io.ticketping.gateway.web.UserBuckets;
import io.ticketping.shared.breaker.Breakers;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.health.RoleNeeds;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one HTTP entry of TicketPing. Deployed once per core; all instances share the port (Vert.x spreads the
 * connections over them), the PostgreSQL pool and, through Redis, the rate-limit buckets and refresh tokens.
 */
public class GatewayVerticle extends VerticleBase {

  /** This role's name in readiness reports. */
  static final String ROLE = "gateway";
  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  /** A show not polled here for this long is no longer read at its ticks (clients poll every few seconds). */
  private static final long POLLED_SHOW_MEMORY_MS = 15_000;

  private Redis redis;
  private Pool pool;
  private KafkaProbe kafka;
  private HttpServer server;
  private QueuePasses passes;
  private ServiceCalls calls;
  private QueueStreams streams;
  private QueueTicks ticks;
  private Sessions sessions;
  private ProofSettingsFeed proofFeed;
  private Router router;

  @Override
  public Future<?> start() {
    // Never Kafka: the gateway neither publishes nor consumes events.
    RoleNeeds.declare(vertx, ROLE, RoleNeeds.REDIS, RoleNeeds.POSTGRES);
    JsonObject config = config();
    redis = RedisClients.create(vertx, config);
    pool = PgPools.create(vertx, config);
    kafka = new KafkaProbe(vertx, config, HealthRoutes.CHECK_TIMEOUT_MS);
    AccessTokens accessTokens = new AccessTokens(vertx, config.getJsonObject("jwt"));
    sessions = new Sessions(vertx, redis, config.getJsonObject("jwt"));
    passes = new QueuePasses(vertx, config.getJsonObject("queuePass"));
    calls = serviceCalls(config);
    QueueBatches batches = QueueBatches.of(config);
    JsonObject limits = config.getJsonObject("rateLimit");
    UserBuckets buckets = new UserBuckets(limits.getInteger("perUserCapacity"),
      limits.getDouble("perUserRefillPerSecond"));
    long tickMillis = config.getJsonObject("queue").getLong("tickMillis");
    SharedLines lines = new SharedLines(vertx);
    PolledShows shows = new PolledShows(lines, tickMillis, POLLED_SHOW_MEMORY_MS);
    streams = new QueueStreams(vertx, calls, passes, batches, shows, config.getJsonObject("http"));
    PollHeartbeats heartbeats = new PollHeartbeats(calls, batches, tickMillis);
    ticks = new QueueTicks(vertx, shows, heartbeats,
      new LineRefresh(vertx, redis, lines, tickMillis, POLLED_SHOW_MEMORY_MS), buckets, streams);
    // Polls answered from this instance's memory are limited like the per-user bucket of the API, in memory.
    PollView view = new PollView(shows, heartbeats, buckets, passes);
    JsonObject proof = config.getJsonObject("proofOfWork");
    ProofSettings proofSettings = ProofSettings.of(vertx);
    ChallengeSigner challenges = ChallengeSigner.of(proof, config.getJsonObject("jwt"));
    proofFeed = new ProofSettingsFeed(vertx, redis, proofSettings, proof.getLong("refreshMillis"));
    QueueRoutes queue = new QueueRoutes(calls, passes, shows, new EntryBatches(vertx, calls, batches), buckets,
      new ProofVerifier(proofSettings, challenges,
        new UsedChallenges(vertx, proof.getInteger("rememberedChallenges"))));
    ProofRoutes proofRoutes = new ProofRoutes(proofSettings, proofFeed, challenges, proof);
    // Sessions ended before this instance started are read before it listens: their tokens never work here.
    return Future.all(ApiContract.load(vertx), UserRepository.migrate(vertx, config), sessions.start(),
        vertx.executeBlocking(() -> new PasswordHasher(vertx,
          config.getJsonObject("auth").getInteger("pbkdf2Iterations"))), proofFeed.start())
      .compose(ready -> {
        router = new ApiRouter(vertx, config, new Backends(redis, pool, kafka, calls),
          new Auth(ready.resultAt(3), accessTokens, sessions),
          new WaitingRoom(passes, streams, view, queue, proofRoutes), ready.resultAt(0)).build();
        return listen(config.getJsonObject("http"), router);
      })
      .compose(s -> Future.all(streams.start(), ticks.start()).map(s))
      .onSuccess(s -> {
        server = s;
        LOG.debug("Gateway instance listening on port {}", s.actualPort());
      });
  }

  private Future<HttpServer> listen(JsonObject http, Router router) {
    return vertx.createHttpServer(new HttpServerOptions()
        .setHost(http.getString("host"))
        .setPort(http.getInteger("port"))
        .setCompressionSupported(false)
        .setMaxInitialLineLength(8192)
        .setMaxHeaderSize(16 * 1024)
        // HTTP/1.1 unless http.h2c: TLS ends at the ingress, and accepting cleartext HTTP/2 delays each connection's
        // set-up to its first request head, so the header-read timeout no longer applies. Turned on behind an HTTP/2
        // proxy, whose connections each carry many clients' streams.
        .setHttp2ClearTextEnabled(http.getBoolean("h2c"))
        // Neither read nor written for this long: closed. Open queue streams write more often than this.
        .setIdleTimeout(http.getInteger("idleTimeoutSeconds"))
        .setIdleTimeoutUnit(TimeUnit.SECONDS))
      .connectionHandler(new HeaderReadTimeout(http.getInteger("headerTimeoutSeconds") * 1000L))
      .invalidRequestHandler(new InvalidRequests())
      .requestHandler(router)
      .listen();
  }

  /** The port this instance listens on (useful when configured with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /** The routes this instance serves. */
  Router router() {
    return router;
  }

  @Override
  public Future<?> stop() {
    if (sessions != null) {
      sessions.stop();
    }
    if (proofFeed != null) {
      proofFeed.stop();
    }
    RoleNeeds.withdraw(vertx, ROLE);
    return Future.join(streams == null ? Future.succeededFuture() : streams.stop(),
      ticks == null ? Future.succeededFuture() : ticks.stop(), passes.close(), redis.close(), pool.close(),
      kafka.close());
  }

  /** The calls to the services, each service behind the breaker of its hop (shared by the instances here). */
  private ServiceCalls serviceCalls(JsonObject config) {
    JsonObject breakers = config.getJsonObject("breakers");
    return new ServiceCalls(vertx.eventBus(), config.getJsonObject("services").getLong("requestTimeoutMs"), Map.of(
      "queue", Breakers.hop(vertx, "gateway-queue", breakers),
      "booking", Breakers.hop(vertx, "gateway-booking", breakers),
      "payment", Breakers.hop(vertx, "gateway-payment", breakers)));
  }
}
