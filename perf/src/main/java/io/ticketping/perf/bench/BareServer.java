package io.ticketping.perf.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * {@code BareServer <port> <instances>}: the ceiling of this machine for one HTTP hop: a Vert.x server answering a
 * small fixed JSON body, with nothing behind it. The harness compares our status poll against it.
 */
public final class BareServer extends VerticleBase {

  private static final Buffer BODY = Buffer.buffer("{\"status\":\"WAITING\",\"position\":1}");

  @Override
  public Future<?> start() {
    return vertx.createHttpServer()
      .requestHandler(request -> request.response().putHeader("content-type", "application/json").end(BODY))
      .listen(config().getInteger("port"));
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = Integer.parseInt(args[1]);
    Vertx.vertx().deployVerticle(BareServer.class, new DeploymentOptions().setInstances(instances)
        .setConfig(new io.vertx.core.json.JsonObject().put("port", port)))
      .await();
    System.out.println("bare server listening on " + port);
  }
}
