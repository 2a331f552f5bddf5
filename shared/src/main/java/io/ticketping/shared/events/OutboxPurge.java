package io.ticketping.shared.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes outbox rows sent longer ago than {@code kafka.outboxRetentionSeconds}, every {@code kafka.outboxPurgeMillis},
 * so that the table holds the unsent rows and a recent history rather than every event ever written. Unsent rows are
 * never touched. Each run deletes at most {@value #BATCH} rows per statement (short locks, short transactions) and
 * goes on while statements come back full; rows another purge holds are skipped, so any number may run at once.
 */
final class OutboxPurge {

  static final int BATCH = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(OutboxPurge.class);
  private static final String DELETE_SENT = "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox "
    + "WHERE sent_at < now() - make_interval(secs => $1) LIMIT $2 FOR UPDATE SKIP LOCKED)";

  private final Vertx vertx;
  private final Pool pool;
  private final long retentionSeconds;
  private final long periodMillis;
  private long timer = -1;
  private boolean running;

  OutboxPurge(Vertx vertx, Pool pool, JsonObject config) {
    this.vertx = vertx;
    this.pool = pool;
    JsonObject kafka = KafkaSettings.kafka(config);
    this.retentionSeconds = kafka.getLong("outboxRetentionSeconds");
    this.periodMillis = kafka.getLong("outboxPurgeMillis");
  }

  void start() {
    timer = vertx.setPeriodic(periodMillis, id -> {
      if (running) {
        return; // a slow purge is never piled up
      }
      running = true;
      purge().onComplete(ar -> running = false)
        .onFailure(e -> LOG.warn("Outbox purge failed; sent rows are kept until the next run: {}", e.toString()));
    });
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /** Deletes every row sent longer ago than the retention; the number deleted. */
  Future<Long> purge() {
    return pool.preparedQuery(DELETE_SENT).execute(Tuple.of(retentionSeconds, BATCH))
      .compose(rows -> rows.rowCount() < BATCH ? Future.succeededFuture((long) rows.rowCount())
        : purge().map(more -> rows.rowCount() + more));
  }
}
