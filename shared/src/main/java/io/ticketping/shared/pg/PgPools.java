package io.ticketping.shared.pg;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Builds the PostgreSQL pool from the {@code postgres} section of the configuration. */
public final class PgPools {

  private PgPools() {
  }

  public static PgConnectOptions connectOptions(JsonObject config) {
    JsonObject pg = config.getJsonObject("postgres");
    return new PgConnectOptions()
      .setHost(pg.getString("host"))
      .setPort(pg.getInteger("port"))
      .setDatabase(pg.getString("database"))
      .setUser(pg.getString("user"))
      .setPassword(pg.getString("password"))
      .setCachePreparedStatements(true);
  }

  /**
   * A pool shared by every verticle instance of this Vert.x that asks for it, so that N gateway instances hold
   * {@code maxPoolSize} connections in all, not N times as many.
   */
  public static Pool create(Vertx vertx, JsonObject config) {
    PoolOptions options = new PoolOptions()
      .setMaxSize(config.getJsonObject("postgres").getInteger("maxPoolSize"))
      .setShared(true)
      .setName("ticketping-pg");
    return PgBuilder.pool().with(options).connectingTo(connectOptions(config)).using(vertx).build();
  }
}
