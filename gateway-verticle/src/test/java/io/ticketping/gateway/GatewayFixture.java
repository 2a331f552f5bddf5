package io.ticketping.gateway;

import io.ticketping.gateway.auth.AccessTokens;
import io.ticketping.queue.QueueVerticle;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.function.Consumer;

/** A gateway deployed against the test servers, and a client pointed at it. */
public final class GatewayFixture {

  public final Vertx vertx;
  public final WebClient client;
  public final int port;

  private final AccessTokens accessTokens;

  private GatewayFixture(Vertx vertx, int port, AccessTokens accessTokens) {
    this.vertx = vertx;
    this.accessTokens = accessTokens;
    this.port = port;
    this.client = WebClient.create(vertx,
      new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(256));
  }

  /** Resets the servers and deploys one gateway instance on a free port; {@code tweak} may change the config. */
  public static GatewayFixture start(Vertx vertx, Consumer<JsonObject> tweak) {
    TestServers.get().reset();
    JsonObject config = TestServers.get().config();
    tweak.accept(config);
    GatewayVerticle gateway = new GatewayVerticle();
    vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config)).await();
    return new GatewayFixture(vertx, gateway.actualPort(), new AccessTokens(vertx, config.getJsonObject("jwt")));
  }

  /** As {@link #start(Vertx, Consumer)}, with the queue service (fast ticks) deployed behind the event bus. */
  public static GatewayFixture startWithQueue(Vertx vertx, Consumer<JsonObject> tweak) {
    TestServers.get().kafka(); // the queue service consumes order events
    return start(vertx, config -> {
      config.getJsonObject("queue").put("tickMillis", 100);
      config.getJsonObject("rateLimit").put("perUserCapacity", 100_000).put("perIpCapacity", 100_000);
      tweak.accept(config);
      vertx.deployVerticle(new QueueVerticle(), new DeploymentOptions().setConfig(config)).await();
    });
  }

  /** An access token for {@code userId} without an account: the queue needs only the id. */
  public String tokenFor(long userId, String role) {
    return accessTokens.issue(userId, role);
  }

  public static GatewayFixture start(Vertx vertx) {
    return start(vertx, config -> { });
  }

  public Future<HttpResponse<Buffer>> signup(String email, String password, String nickname) {
    return client.post("/api/v1/auth/signup")
      .sendJsonObject(new JsonObject().put("email", email).put("password", password).put("nickname", nickname));
  }

  public Future<HttpResponse<Buffer>> login(String email, String password) {
    return client.post("/api/v1/auth/login")
      .sendJsonObject(new JsonObject().put("email", email).put("password", password));
  }

  /** Signs a new user up and logs in; the access token. */
  public Future<String> userToken(String email) {
    return signup(email, "password-" + email, "nick")
      .compose(r -> login(email, "password-" + email))
      .map(r -> r.bodyAsJsonObject().getString("accessToken"));
  }
}
