package io.ticketping.queue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * A show's waiting-room outcomes from {@code queue_outcomes} (what happened, not how the line stands now): admissions
 * and the buyers admitted, places given up and ghosts dropped, the distribution of admitted buyers' waits, and each
 * minute's admissions and abandonment. All from one snapshot, so the counts agree with each other. A show with no
 * recorded outcome answers zeros.
 */
final class QueueOutcomes {

  private static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
  private static final String TOTALS = "SELECT outcome, count(*) AS places, count(DISTINCT user_id) AS users "
    + "FROM queue_outcomes WHERE show_id = $1 GROUP BY outcome";
  private static final String WAITS = "SELECT count(*) AS admitted, "
    + "percentile_disc(0.5) WITHIN GROUP (ORDER BY wait_ms) AS p50, "
    + "percentile_disc(0.9) WITHIN GROUP (ORDER BY wait_ms) AS p90, "
    + "percentile_disc(0.99) WITHIN GROUP (ORDER BY wait_ms) AS p99, "
    + "max(wait_ms) AS longest, avg(wait_ms)::float8 AS mean "
    + "FROM queue_outcomes WHERE show_id = $1 AND outcome = 'ADMITTED'";
  private static final String BUCKETS = "SELECT width_bucket(wait_ms, $2::bigint[]) AS bucket, count(*) AS admitted "
    + "FROM queue_outcomes WHERE show_id = $1 AND outcome = 'ADMITTED' GROUP BY bucket";
  private static final String MINUTES = "SELECT date_trunc('minute', at) AS minute, "
    + "count(*) FILTER (WHERE outcome = 'ADMITTED') AS admitted, count(*) FILTER (WHERE outcome = 'LEFT') AS gone, "
    + "count(*) FILTER (WHERE outcome = 'TIMED_OUT') AS timed_out "
    + "FROM queue_outcomes WHERE show_id = $1 GROUP BY minute ORDER BY minute";

  private final Pool pool;

  QueueOutcomes(Pool pool) {
    this.pool = pool;
  }

  /**
   * {@code {showId, admitted, admittedBuyers, left, timedOut, waitSeconds: {count, p50, p90, p99, max, mean,
   * buckets: [{fromSeconds, toSeconds, count}]}, byMinute: [{minute, admitted, left, timedOut}]}}; the wait figures are
   * {@code null} while nobody was admitted, the last bucket's {@code toSeconds} is {@code null} (open).
   */
  Future<JsonObject> of(String showId) {
    return pool.withTransaction(conn -> conn.query(SNAPSHOT).execute().compose(v -> figures(conn, showId)));
  }

  private static Future<JsonObject> figures(SqlConnection conn, String showId) {
    JsonObject figures = new JsonObject().put("showId", showId).put("admitted", 0L).put("admittedBuyers", 0L)
      .put("left", 0L).put("timedOut", 0L);
    Tuple show = Tuple.of(showId);
    Long[] bounds = WaitBuckets.lowerBoundsMillis();
    return conn.preparedQuery(TOTALS).execute(show)
      .compose(totals -> {
        for (Row row : totals) {
          switch (row.getString("outcome")) {
            case "ADMITTED" -> figures.put("admitted", row.getLong("places"))
              .put("admittedBuyers", row.getLong("users"));
            case "LEFT" -> figures.put("left", row.getLong("places"));
            default -> figures.put("timedOut", row.getLong("places"));
          }
        }
        return conn.preparedQuery(WAITS).execute(show);
      })
      .compose(waits -> {
        figures.put("waitSeconds", waitFigures(waits.iterator().next()));
        return conn.preparedQuery(BUCKETS).execute(Tuple.tuple().addValue(showId).addValue(bounds));
      })
      .compose(buckets -> {
        figures.getJsonObject("waitSeconds").put("buckets", buckets(buckets, bounds));
        return conn.preparedQuery(MINUTES).execute(show);
      })
      .map(minutes -> figures.put("byMinute", byMinute(minutes)));
  }

  private static JsonObject waitFigures(Row row) {
    return new JsonObject().put("count", row.getLong("admitted")).put("p50", seconds(row.getLong("p50")))
      .put("p90", seconds(row.getLong("p90"))).put("p99", seconds(row.getLong("p99")))
      .put("max", seconds(row.getLong("longest")))
      .put("mean", row.getDouble("mean") == null ? null : row.getDouble("mean") / 1000.0);
  }

  /** Every bucket, empty ones too (a chart shows them), from width_bucket's numbers 1..n. */
  private static JsonArray buckets(RowSet<Row> rows, Long[] bounds) {
    long[] counts = new long[bounds.length];
    for (Row row : rows) {
      counts[row.getInteger("bucket") - 1] = row.getLong("admitted");
    }
    JsonArray buckets = new JsonArray();
    for (int i = 0; i < bounds.length; i++) {
      buckets.add(new JsonObject().put("fromSeconds", bounds[i] / 1000)
        .put("toSeconds", i + 1 < bounds.length ? bounds[i + 1] / 1000 : null).put("count", counts[i]));
    }
    return buckets;
  }

  private static JsonArray byMinute(RowSet<Row> rows) {
    JsonArray minutes = new JsonArray();
    for (Row row : rows) {
      minutes.add(new JsonObject().put("minute", row.getOffsetDateTime("minute").toInstant().toString())
        .put("admitted", row.getLong("admitted")).put("left", row.getLong("gone"))
        .put("timedOut", row.getLong("timed_out")));
    }
    return minutes;
  }

  private static Double seconds(Long millis) {
    return millis == null ? null : millis / 1000.0;
  }
}
