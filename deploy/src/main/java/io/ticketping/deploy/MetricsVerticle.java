package io.ticketping.deploy;

import io.ticketping.gateway.health.MetricsRoute;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;

/**
 * {@code /metrics} alone on {@code metrics.port}, one server per JVM whatever its roles: an internal port for the
 * scraper that the public Service of the gateway does not expose (the API and health ports then answer it with 404).
 */
public class MetricsVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    MetricsRoute.serve(router, vertx);
    return vertx.createHttpServer().requestHandler(router)
      .listen(MetricsRoute.ownPort(config()), config().getJsonObject("http").getString("host"));
  }
}
