package io.ticketping.perf;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** The PostgreSQL of the system under test ({@code -Dpg.host/port/database/user/password}; defaults as the run command). */
public final class PerfDatabase {

  private PerfDatabase() {
  }

  public static Pool pool(Vertx vertx) {
    PgConnectOptions connect = new PgConnectOptions()
      .setHost(PerfProps.string("pg.host", "127.0.0.1"))
      .setPort(PerfProps.integer("pg.port", 5432))
      .setDatabase(PerfProps.string("pg.database", "ticketping"))
      .setUser(PerfProps.string("pg.user", "postgres"))
      .setPassword(PerfProps.string("pg.password", ""));
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(connect).using(vertx).build();
  }
}
