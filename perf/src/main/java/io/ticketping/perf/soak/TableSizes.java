package io.ticketping.perf.soak;

import io.ticketping.perf.PerfDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@code TableSizes [--on-request]}: one line {@code <table> <bytes>} per table of the system's PostgreSQL
 * ({@code -Dpg.*}), its {@code pg_total_relation_size} (rows, indexes and TOAST: what a table really takes on disk),
 * so that a table that keeps growing while the load stays the same shows. With {@code --on-request} it stays up and
 * answers every line read from stdin with the sizes and a line {@code .}, until stdin ends: perf/soak samples once a
 * minute, and a JVM started for each sample took tens of seconds on a busy machine.
 */
public final class TableSizes {

  private TableSizes() {
  }

  public static void main(String[] args) throws IOException {
    Vertx vertx = Vertx.vertx();
    Pool pool = PerfDatabase.pool(vertx);
    try {
      if (args.length > 0 && args[0].equals("--on-request")) {
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (requests.readLine() != null) {
          print(pool);
          System.out.println(".");
          System.out.flush();
        }
      } else {
        print(pool);
      }
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }

  private static void print(Pool pool) {
    pool.query("SELECT relname, pg_total_relation_size(relid) FROM pg_catalog.pg_statio_user_tables ORDER BY relname")
      .execute().await()
      .forEach((Row row) -> System.out.println(row.getString(0) + " " + row.getLong(1)));
  }
}
