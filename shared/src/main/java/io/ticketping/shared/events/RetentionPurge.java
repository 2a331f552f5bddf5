package io.ticketping.shared.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the rows of an event table that are older than their retention, on a timer, so the table holds what is
 * still needed rather than every event ever seen: the outbox's sent rows ({@link #sentOutboxRows}) and a consumer's
 * {@code processed_events} rows ({@link #processedEvents}). Each run deletes at most {@value #BATCH} rows per
 * statement (short locks, short transactions) and goes on while statements come back full; rows another purge holds
 * are skipped, so any number of instances may run at once.
 */
final class RetentionPurge {

  static final int BATCH = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);
  private static final String SENT_OUTBOX_ROWS = "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox "
    + "WHERE sent_at < now() - make_interval(secs => $1) LIMIT $2 FOR UPDATE SKIP LOCKED)";
  private static final String PROCESSED_EVENTS = "DELETE FROM processed_events WHERE (consumer, event_id) IN "
    + "(SELECT consumer, event_id FROM processed_events WHERE consumer = $3 "
    + "AND processed_at < now() - make_interval(secs => $1) LIMIT $2 FOR UPDATE SKIP LOCKED)";

  private final Vertx vertx;
  private final Pool pool;
  private final String delete;
  private final Tuple arguments;
  private final long periodMillis;
  private final String what;
  private long timer = -1;
  private boolean running;

  private RetentionPurge(Vertx vertx, Pool pool, String delete, Tuple arguments, long periodMillis, String what) {
    this.vertx = vertx;
    this.pool = pool;
    this.delete = delete;
    this.arguments = arguments;
    this.periodMillis = periodMillis;
    this.what = what;
  }

  /**
   * Outbox rows sent longer ago than {@code kafka.outboxRetentionSeconds}, every {@code kafka.outboxPurgeMillis}.
   * Unsent rows are never touched.
   */
  static RetentionPurge sentOutboxRows(Vertx vertx, Pool pool, JsonObject config) {
    JsonObject kafka = KafkaSettings.kafka(config);
    return new RetentionPurge(vertx, pool, SENT_OUTBOX_ROWS,
      Tuple.of(kafka.getLong("outboxRetentionSeconds"), BATCH), kafka.getLong("outboxPurgeMillis"), "sent outbox rows");
  }

  /**
   * The consumer's {@code processed_events} rows older than {@code kafka.processedEventsRetentionSeconds}, every
   * {@code kafka.processedEventsPurgeMillis}. The retention must outlast any redelivery: a group whose offsets are
   * lost starts from the earliest event Kafka still holds, so it is longer than the topics' retention.
   */
  static RetentionPurge processedEvents(Vertx vertx, Pool pool, JsonObject config, String consumer) {
    JsonObject kafka = KafkaSettings.kafka(config);
    return new RetentionPurge(vertx, pool, PROCESSED_EVENTS,
      Tuple.of(kafka.getLong("processedEventsRetentionSeconds"), BATCH, consumer),
      kafka.getLong("processedEventsPurgeMillis"), "processed events of " + consumer);
  }

  /** Starts the timer, on the caller's context. */
  void start() {
    timer = vertx.setPeriodic(periodMillis, id -> {
      if (running) {
        return; // a slow purge is never piled up
      }
      running = true;
      purge().onComplete(ar -> running = false)
        .onFailure(e -> LOG.warn("Purge of {} failed; they are kept until the next run: {}", what, e.toString()));
    });
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /** Deletes every row older than the retention; the number deleted. */
  Future<Long> purge() {
    return pool.preparedQuery(delete).execute(arguments)
      .compose(rows -> rows.rowCount() < BATCH ? Future.succeededFuture((long) rows.rowCount())
        : purge().map(more -> rows.rowCount() + more));
  }
}
