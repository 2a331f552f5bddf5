package io.ticketping.shared.events;

import com.fasterxml.jackson.core.JacksonException;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.impl.types.ErrorType;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Failures} on the exceptions the real clients raise against the real servers (a Redis connection killed, a
 * PostgreSQL backend terminated, a lock not granted, ...), and on instances of the same classes built directly where
 * the server cannot be brought to that state in a test (Redis loading its data, a deadlock).
 */
@ExtendWith(VertxExtension.class)
class FailuresTest {

  private JsonObject config;
  private Pool pool;
  private Redis redis;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestServers servers = TestServers.get();
    servers.reset();
    config = servers.config();
    pool = PgPools.create(vertx, config);
    redis = Redis.createClient(vertx, config.getJsonObject("redis").getString("url"));
  }

  @AfterEach
  void tearDown() {
    redis.close().await();
  }

  @Test
  @DisplayName("a server that refuses connections, a connection the server dropped, and a timeout are transient, "
    + "also deep in a cause chain")
  void unreachableAndTimeouts(Vertx vertx) throws Exception {
    int closedPort = TestServers.freePort();
    List<Throwable> failures = new ArrayList<>();
    failures.add(failure(vertx.createNetClient().connect(closedPort, "127.0.0.1")));
    failures.add(failure(Redis.createClient(vertx, "redis://127.0.0.1:" + closedPort).send(Request.cmd(Command.PING))));
    // A pool of its own: PgPools shares one pool per Vert.x, which would answer from the real server.
    failures.add(failure(PgBuilder.pool().connectingTo(PgPools.connectOptions(config).setPort(closedPort)).using(vertx)
      .build().query("SELECT 1").execute()));
    failures.add(redisConnectionKilled());
    failures.addAll(postgresBackendTerminated());
    vertx.eventBus().consumer("failures.silent", message -> { });
    failures.add(failure(vertx.eventBus().request("failures.silent", "x", new DeliveryOptions().setSendTimeout(50))));
    failures.add(failure(vertx.eventBus().request("failures.nobody", "x")));
    failures.add(failure(vertx.timer(5000).timeout(50, TimeUnit.MILLISECONDS)));

    assertThat(failures).hasSize(9);
    assertThat(failures.get(0)).isInstanceOf(ConnectException.class);
    assertThat(failures.get(1)).isInstanceOf(ConnectException.class);
    assertThat(failures.get(3)).hasMessage("CONNECTION_CLOSED");
    assertThat(failures.get(8)).isInstanceOf(TimeoutException.class);
    assertThat(failures).allSatisfy(f -> assertThat(Failures.isTransient(f)).as(f.toString()).isTrue());
    // Wrapped by a handler, or by a CompletableFuture somewhere on the way.
    assertThat(Failures.isTransient(new IllegalStateException("could not mark the order paid",
      new CompletionException(failures.get(0))))).isTrue();
  }

  @Test
  @DisplayName("PostgreSQL errors are transient by SQLSTATE: a statement timeout and a lock not granted (real), "
    + "admin shutdown, starting up, too many connections, lost connection, serialization failure and deadlock")
  void postgresStates(Vertx vertx) throws Exception {
    Throwable timedOut = failure(pool.withTransaction(conn -> conn.query("SET LOCAL statement_timeout = 50").execute()
      .compose(v -> conn.query("SELECT pg_sleep(2)").execute())));
    pool.query("CREATE TABLE IF NOT EXISTS failures_lock (id int)").execute().await();
    Throwable notGranted = failure(pool.withTransaction(holder -> holder.query("LOCK TABLE failures_lock").execute()
      .compose(v -> pool.withTransaction(other -> other.query("LOCK TABLE failures_lock NOWAIT").execute()))));

    assertThat(((PgException) timedOut).getSqlState()).isEqualTo("57014");
    assertThat(((PgException) notGranted).getSqlState()).isEqualTo("55P03");
    assertThat(Failures.isTransient(timedOut)).isTrue();
    assertThat(Failures.isTransient(notGranted)).isTrue();
    for (String state : List.of("57P01", "57P03", "53300", "08006", "08001", "40001", "40P01")) {
      assertThat(Failures.isTransient(new PgException("failed", "FATAL", state, null))).as(state).isTrue();
    }
  }

  @Test
  @DisplayName("Redis replies that mean 'not now' are transient: BUSY from a long script (real), LOADING, "
    + "MASTERDOWN, TRYAGAIN and CLUSTERDOWN; a marker exception and Kafka's retriable errors are too")
  void redisReplies(Vertx vertx) throws Exception {
    Throwable busy = busyReply(vertx);
    assertThat(busy).hasMessageStartingWith("BUSY");
    assertThat(Failures.isTransient(busy)).isTrue();
    for (String reply : List.of("LOADING Redis is loading the dataset in memory", "MASTERDOWN Link with MASTER is down",
      "TRYAGAIN Multiple keys request during rehashing of slot", "CLUSTERDOWN The cluster is down")) {
      assertThat(Failures.isTransient(ErrorType.create(reply))).as(reply).isTrue();
    }
    assertThat(Failures.isTransient(new TransientFailure("provider says later"))).isTrue();
    assertThat(Failures.isTransient(new RuntimeException(new TransientFailure("wrapped")))).isTrue();
    assertThat(Failures.isTransient(new org.apache.kafka.common.errors.TimeoutException("no broker"))).isTrue();
  }

  @Test
  @DisplayName("the event's own faults are poison: bad input (even when a JSON parser's IOException is its cause), "
    + "a constraint or syntax error, a wrong Redis type, a recipient's failure, a plain bug")
  void poison(Vertx vertx) throws Exception {
    Throwable unreadable = failure(Future.succeededFuture().map(v -> DomainEvent.fromJson("{not json")));
    pool.query("CREATE TABLE IF NOT EXISTS failures_unique (id int PRIMARY KEY)").execute().await();
    pool.query("INSERT INTO failures_unique VALUES (1)").execute().await();
    Throwable duplicate = failure(pool.query("INSERT INTO failures_unique VALUES (1)").execute());
    Throwable syntax = failure(pool.query("SELEC 1").execute());
    redis.send(Request.cmd(Command.SET).arg("failures:string").arg("x")).await();
    Throwable wrongType = failure(redis.send(Request.cmd(Command.HGET).arg("failures:string").arg("field")));
    vertx.eventBus().consumer("failures.refusing", message -> message.fail(409, "seat taken"));
    Throwable refused = failure(vertx.eventBus().request("failures.refusing", "x"));

    assertThat(unreadable).isInstanceOf(IllegalArgumentException.class);
    assertThat(causes(unreadable)).anySatisfy(cause -> assertThat(cause).isInstanceOf(JacksonException.class)
      .isInstanceOf(IOException.class));
    assertThat(((PgException) duplicate).getSqlState()).isEqualTo("23505");
    assertThat(((PgException) syntax).getSqlState()).isEqualTo("42601");
    assertThat(wrongType).hasMessageStartingWith("WRONGTYPE");
    List<Throwable> poison = List.of(unreadable, duplicate, syntax, wrongType, refused,
      new IllegalArgumentException("amount missing"), new NullPointerException(), new IllegalStateException("boom"));
    assertThat(poison).allSatisfy(f -> assertThat(Failures.isTransient(f)).as(f.toString()).isFalse());

    // A cause chain that loops ends the walk instead of looping with it.
    RuntimeException first = new RuntimeException("first");
    RuntimeException second = new RuntimeException("second", first);
    first.initCause(second);
    assertThat(Failures.isTransient(second)).isFalse();
  }

  /** A blocking command whose connection the server kills meanwhile: what the client fails it with. */
  private Throwable redisConnectionKilled() throws Exception {
    RedisConnection victim = redis.connect().await();
    long id = victim.send(Request.cmd(Command.CLIENT).arg("ID")).await().toLong();
    Future<?> waiting = victim.send(Request.cmd(Command.BLPOP).arg("failures:nothing").arg(10));
    redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(id)).await();
    return failure(waiting);
  }

  /**
   * A statement on a connection whose backend an administrator terminated (what a PostgreSQL restart does to every
   * connection), then the next statement on that connection.
   */
  private List<Throwable> postgresBackendTerminated() throws Exception {
    SqlConnection conn = pool.getConnection().await();
    try {
      Throwable terminated = failure(conn.query("SELECT pg_terminate_backend(pg_backend_pid())").execute());
      Throwable closed = failure(conn.query("SELECT 1").execute());
      // Which one depends on whether the client read the server's goodbye before the socket went: both were seen.
      assertThat(terminated).isInstanceOfAny(io.vertx.sqlclient.ClosedConnectionException.class,
        java.net.SocketException.class);
      return List.of(terminated, closed);
    } finally {
      conn.close();
    }
  }

  /** What another client gets while a script runs past busy-reply-threshold. */
  private Throwable busyReply(Vertx vertx) throws Exception {
    Redis scripting = Redis.createClient(vertx, config.getJsonObject("redis").getString("url"));
    try {
      redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("busy-reply-threshold").arg(50)).await();
      Future<?> script = scripting.send(Request.cmd(Command.EVAL)
        .arg("local i = 0 while i < 5000000000 do i = i + 1 end return i").arg(0));
      vertx.timer(300).await();
      Throwable busy = failure(redis.send(Request.cmd(Command.GET).arg("failures:any")));
      redis.send(Request.cmd(Command.SCRIPT).arg("KILL")).await();
      failure(script);
      return busy;
    } finally {
      redis.send(Request.cmd(Command.CONFIG).arg("SET").arg("busy-reply-threshold").arg(5000)).await();
      scripting.close().await();
    }
  }

  /** The exception a future failed with, exactly as the client produced it. */
  private static Throwable failure(Future<?> future) throws InterruptedException {
    try {
      Object result = future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + result);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the future neither failed nor succeeded in 20 s");
    }
  }

  private static List<Throwable> causes(Throwable error) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
