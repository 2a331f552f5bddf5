package io.ticketping.gateway;

import io.ticketping.booking.BookingVerticle;
import io.ticketping.gateway.auth.AccessTokens;
import io.ticketping.queue.QueueVerticle;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/** A gateway deployed against the test servers, and a client pointed at it. */
public final class GatewayFixture {

  public final Vertx vertx;
  public final WebClient client;
  public final int port;
  /** The configuration everything was deployed with. */
  public final JsonObject config;

  /** The user id of the admin whose token {@link #admin} sends. */
  private static final long ADMIN_ID = 999_999;

  private final AccessTokens accessTokens;
  private String bookingDeployment;

  private GatewayFixture(Vertx vertx, int port, JsonObject config) {
    this.vertx = vertx;
    this.config = config;
    this.accessTokens = new AccessTokens(vertx, config.getJsonObject("jwt"));
    this.port = port;
    // Room for the seat race: 300 requests in flight at once, each on its own connection.
    this.client = WebClient.create(vertx,
      new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(512));
  }

  /** Resets the servers and deploys one gateway instance on a free port; {@code tweak} may change the config. */
  public static GatewayFixture start(Vertx vertx, Consumer<JsonObject> tweak) {
    return start(vertx, tweak, 1);
  }

  /** As {@link #start(Vertx, Consumer)}, with {@code instances} gateway instances sharing the port (one per loop). */
  public static GatewayFixture start(Vertx vertx, Consumer<JsonObject> tweak, int instances) {
    TestServers.get().reset();
    JsonObject config = TestServers.get().config();
    tweak.accept(config);
    List<GatewayVerticle> gateways = new CopyOnWriteArrayList<>();
    vertx.deployVerticle(() -> {
      GatewayVerticle gateway = new GatewayVerticle();
      gateways.add(gateway);
      return gateway;
    }, new DeploymentOptions().setConfig(config).setInstances(instances)).await();
    return new GatewayFixture(vertx, gateways.get(0).actualPort(), config);
  }

  /** As {@link #start(Vertx, Consumer)}, with the queue service (fast ticks) deployed behind the event bus. */
  public static GatewayFixture startWithQueue(Vertx vertx, Consumer<JsonObject> tweak) {
    return startWithQueue(vertx, tweak, 1);
  }

  /** As {@link #startWithQueue(Vertx, Consumer)}, with {@code instances} gateway instances. */
  public static GatewayFixture startWithQueue(Vertx vertx, Consumer<JsonObject> tweak, int instances) {
    TestServers.get().kafka(); // the queue service consumes order events
    return start(vertx, config -> {
      config.getJsonObject("queue").put("tickMillis", 100);
      config.getJsonObject("rateLimit").put("perUserCapacity", 100_000).put("perIpCapacity", 100_000);
      tweak.accept(config);
      vertx.deployVerticle(new QueueVerticle(), new DeploymentOptions().setConfig(config)).await();
    }, instances);
  }

  /**
   * As {@link #startWithQueue(Vertx, Consumer)}, with the booking service deployed too; {@code tweak} may set
   * {@code booking.holdSeconds}, {@code booking.sweepMillis} and the like.
   */
  public static GatewayFixture startWithBooking(Vertx vertx, Consumer<JsonObject> tweak) {
    GatewayFixture gw = startWithQueue(vertx, tweak);
    gw.deployBooking().await();
    return gw;
  }

  /** Deploys (again) one booking service instance with the fixture's configuration. */
  public Future<String> deployBooking() {
    return vertx.deployVerticle(new BookingVerticle(), new DeploymentOptions().setConfig(config))
      .onSuccess(id -> bookingDeployment = id);
  }

  /** Undeploys the booking service deployed last, as a restart or a crash would take it away. */
  public Future<Void> undeployBooking() {
    return vertx.undeploy(bookingDeployment);
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

  /** Enters the user into the show's line through the API; anything but 200 fails. */
  public Future<Void> enter(String show, long userId) {
    return client.post("/api/v1/queue/" + show).bearerTokenAuthentication(tokenFor(userId, "USER")).send()
      .map(r -> {
        if (r.statusCode() != 200) {
          throw new AssertionError("enter: " + r.statusCode() + " " + r.bodyAsString());
        }
        return null;
      });
  }

  /** An admin's call; anything but 200 fails. */
  public Future<Void> admin(String method, String path, JsonObject body) {
    var request = client.request(HttpMethod.valueOf(method), path).bearerTokenAuthentication(tokenFor(ADMIN_ID, "ADMIN"));
    return (body == null ? request.send() : request.sendJsonObject(body)).map(r -> {
      if (r.statusCode() != 200) {
        throw new AssertionError(method + " " + path + ": " + r.statusCode() + " " + r.bodyAsString());
      }
      return null;
    });
  }

  /** Runs {@code task(0..count-1)} with at most {@code inFlight} at once. */
  public static Future<Void> inBatches(int count, int inFlight, IntFunction<Future<?>> task) {
    Promise<Void> done = Promise.promise();
    int[] next = {0};
    int[] running = {0};
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      synchronized (next) {
        while (running[0] < inFlight && next[0] < count) {
          int i = next[0]++;
          running[0]++;
          task.apply(i).onComplete(r -> {
            if (r.failed()) {
              done.tryFail(r.cause());
            }
            synchronized (next) {
              running[0]--;
            }
            pump[0].run();
          });
        }
        if (running[0] == 0 && next[0] == count) {
          done.tryComplete();
        }
      }
    };
    pump[0].run();
    return done.future();
  }
}
