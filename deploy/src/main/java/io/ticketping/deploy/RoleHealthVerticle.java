package io.ticketping.deploy;

import io.ticketping.gateway.health.HealthRoutes;
import io.ticketping.gateway.health.KafkaProbe;
import io.ticketping.gateway.health.MetricsRoute;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;

/**
 * {@code /health}, {@code /ready} and {@code /metrics} for a JVM that runs service roles but no gateway, on
 * {@code http.healthPort}, so that an orchestrator can probe and scrape every role the same way (the gateway serves
 * them on its own port; {@code /metrics} moves to {@code metrics.port} when that is set). Its {@code /ready} answers
 * for every role of the JVM, each by what it needs.
 */
public class RoleHealthVerticle extends VerticleBase {

  private Redis redis;
  private Pool pool;
  private KafkaProbe kafka;

  @Override
  public Future<?> start() {
    redis = RedisClients.create(vertx, config());
    pool = PgPools.create(vertx, config());
    kafka = new KafkaProbe(vertx, config(), HealthRoutes.CHECK_TIMEOUT_MS);
    Router router = Router.router(vertx);
    HealthRoutes.forAllRoles(vertx, redis, pool, kafka).mount(router);
    MetricsRoute.mount(router, vertx, config());
    return vertx.createHttpServer().requestHandler(router)
      .listen(config().getJsonObject("http").getInteger("healthPort"), config().getJsonObject("http").getString("host"));
  }

  @Override
  public Future<?> stop() {
    return Future.join(redis.close(), pool.close(), kafka.close());
  }
}
