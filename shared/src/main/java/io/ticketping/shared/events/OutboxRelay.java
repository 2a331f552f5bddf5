package io.ticketping.shared.events;

import io.ticketping.shared.observability.DomainMeters;
import io.ticketping.shared.observability.MetricNames;
import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.observability.OutageLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Publishes outbox rows to Kafka, oldest first, and marks them sent once the broker acknowledged them (an
 * {@link RetentionPurge} deletes them after {@code kafka.outboxRetentionSeconds}).
 *
 * <p>Each batch is one transaction: claim unsent rows with {@code FOR UPDATE SKIP LOCKED}, send them with an
 * idempotent {@code acks=all} producer, wait for every acknowledgement, mark them sent, commit. Any number of relays
 * (verticle instances, JVMs) may run at once: a row locked by one is skipped by the others, so in the normal case no
 * row is published twice. A crash between the acknowledgement and the commit publishes the batch again later, which
 * is why consumers are idempotent.
 *
 * <p>Per-key order across relays: relay B must not publish row 7 of order X while relay A still holds row 5 of order
 * X. So after claiming, a relay leaves out each row that has an earlier unsent row of the same key outside its own
 * batch; such rows stay unsent and are published by a later batch, after the earlier one. (Order follows the outbox
 * id, i.e. insertion order; producers serialise the changes of one order through its row lock, so ids of one key are
 * handed out in commit order.)
 */
public final class OutboxRelay {

  /** How far the relay is behind: unsent rows, and the age of the oldest of them (zero when none). */
  public record Backlog(long unsent, Duration oldestAge) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final String CLAIM = "SELECT id, topic, key, event FROM outbox WHERE sent_at IS NULL "
    + "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED";
  private static final String EARLIER_UNSENT = "SELECT key, min(id) FROM outbox WHERE sent_at IS NULL "
    + "AND key = ANY($1) AND id < $2 AND NOT (id = ANY($3)) GROUP BY key";
  private static final String MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE id = ANY($1)";
  private static final String BACKLOG = "SELECT count(*), "
    + "(extract(epoch FROM now() - min(created_at)) * 1000)::bigint FROM outbox WHERE sent_at IS NULL";

  private record OutboxRow(long id, String topic, String key, JsonObject event) {
  }

  private record BatchResult(int claimed, int published) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final JsonObject config;
  private final RetentionPurge purge;
  private final int batchSize;
  private final long pollMillis;
  private final OutageLog outage = OutageLog.warnOnce(LOG);
  private Context context;
  private KafkaProducer<String, String> producer;
  private long timer = -1;
  private long backlogTimer = -1;
  private boolean measuring;
  private boolean running;
  private boolean again;
  private boolean stopped;
  private volatile long published;
  private Promise<Void> idle = Promise.promise();

  /** Reads {@code kafka.relayBatchSize}, {@code kafka.relayPollMillis} and the producer settings from {@code config}. */
  public OutboxRelay(Vertx vertx, Pool pool, JsonObject config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.purge = RetentionPurge.sentOutboxRows(vertx, pool, config);
    this.batchSize = KafkaSettings.kafka(config).getInteger("relayBatchSize");
    this.pollMillis = KafkaSettings.kafka(config).getInteger("relayPollMillis");
    idle.complete();
  }

  /** Creates the producer and starts polling the outbox every {@code kafka.relayPollMillis}. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    // Building the Kafka client can take seconds (class loading, name resolution): on a worker, not the event loop.
    return context.executeBlocking(() -> KafkaProducer.<String, String>create(vertx,
        KafkaSettings.reliableProducer(config)))
      .compose(created -> {
        if (stopped) {
          // Stopped while the producer was being built: nothing to relay any more.
          return created.close().otherwiseEmpty();
        }
        relayWith(created);
        return Future.succeededFuture();
      });
  }

  /** Starts relaying through {@code created}: polls the outbox, purges sent rows, measures the backlog. */
  private void relayWith(KafkaProducer<String, String> created) {
    producer = created;
    // Send failures also reach the send futures, which handle them; without this each one is logged again.
    producer.exceptionHandler(e -> LOG.debug("Outbox relay producer: {}", e.toString()));
    timer = vertx.setPeriodic(pollMillis, id -> trigger());
    trigger();
    purge.start();
    if (MetricsSetup.active(vertx)) {
      backlogTimer = vertx.setPeriodic(MetricsSetup.refreshMillis(config), id -> refreshBacklogGauges());
    }
  }

  /** Stops polling, lets a batch in flight finish, closes the producer. */
  public Future<Void> stop() {
    if (context == null) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      stopped = true;
      vertx.cancelTimer(timer);
      purge.stop();
      vertx.cancelTimer(backlogTimer);
      idle.future().compose(x -> producer == null ? Future.<Void>succeededFuture() : producer.close())
        .onComplete(done);
    });
    return done.future();
  }

  /** How many rows wait to be published and how old the oldest is, for metrics and alerts. */
  public Future<Backlog> backlog() {
    return pool.query(BACKLOG).execute().map(rows -> {
      Row row = rows.iterator().next();
      Long ageMillis = row.getLong(1);
      return new Backlog(row.getLong(0), Duration.ofMillis(ageMillis == null ? 0 : Math.max(0, ageMillis)));
    });
  }

  /**
   * Copies {@link #backlog()} into the backlog gauges. On its own timer rather than after each batch: a relay that
   * cannot publish (broker down) is exactly when the backlog must keep being measured.
   */
  private void refreshBacklogGauges() {
    if (measuring) {
      return; // PostgreSQL slower than the refresh period: never pile up backlog queries
    }
    measuring = true;
    DomainMeters meters = DomainMeters.of(vertx);
    backlog().onComplete(ar -> measuring = false).onSuccess(b -> {
      meters.gauge(MetricNames.OUTBOX_BACKLOG, "Outbox rows not yet published to Kafka").set(b.unsent());
      meters.gauge(MetricNames.OUTBOX_OLDEST_AGE, "Age of the oldest unpublished outbox row (0 when none)")
        .set(b.oldestAge().toMillis() / 1000.0);
    }).onFailure(e -> LOG.debug("Outbox backlog not measured: {}", e.toString()));
  }

  /** How many outbox rows this relay has published since it started (a counter for metrics). */
  public long published() {
    return published;
  }

  /** Runs a batch unless one is running; then drains while batches come back full. Always on {@link #context}. */
  private void trigger() {
    if (stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    idle = Promise.promise();
    publishBatch()
      .onComplete(done -> {
        running = false;
        idle.complete();
      })
      .onFailure(this::batchFailed)
      .onSuccess(this::batchDone);
  }

  private void batchFailed(Throwable cause) {
    // Once per outage at WARN: while the broker is away every batch fails the same way.
    outage.failed("Outbox relay cannot publish; rows stay unsent and are retried: {}", cause.toString());
  }

  private void batchDone(BatchResult result) {
    outage.recovered("Outbox relay publishes again");
    published += result.published();
    // A full batch that made progress means more may wait; a batch blocked by another relay waits for the tick.
    if (again || (result.claimed() == batchSize && result.published() > 0)) {
      trigger();
    }
  }

  private Future<BatchResult> publishBatch() {
    return pool.withTransaction(conn -> conn.preparedQuery(CLAIM).execute(Tuple.of(batchSize))
      .compose(rows -> {
        List<OutboxRow> claimed = new ArrayList<>();
        for (Row row : rows) {
          claimed.add(new OutboxRow(row.getLong("id"), row.getString("topic"), row.getString("key"),
            (JsonObject) row.getValue("event")));
        }
        if (claimed.isEmpty()) {
          return Future.succeededFuture(new BatchResult(0, 0));
        }
        return inKeyOrder(conn, claimed).compose(ready -> send(ready)
          .compose(v -> markSent(conn, ready))
          .map(v -> new BatchResult(claimed.size(), ready.size())));
      }));
  }

  /** The claimed rows that no earlier unsent row of the same key (held by another relay, say) must precede. */
  private Future<List<OutboxRow>> inKeyOrder(SqlConnection conn, List<OutboxRow> claimed) {
    String[] keys = claimed.stream().map(OutboxRow::key).distinct().toArray(String[]::new);
    Long[] ids = claimed.stream().map(OutboxRow::id).toArray(Long[]::new);
    long maxId = claimed.get(claimed.size() - 1).id();
    return conn.preparedQuery(EARLIER_UNSENT).execute(Tuple.of(keys, maxId, ids)).map(rows -> {
      Map<String, Long> firstForeign = new HashMap<>();
      for (Row row : rows) {
        firstForeign.put(row.getString(0), row.getLong(1));
      }
      return claimed.stream()
        .filter(r -> !firstForeign.containsKey(r.key()) || r.id() < firstForeign.get(r.key()))
        .toList();
    });
  }

  /** Sends in id order and completes when the broker acknowledged every record (or fails if any was not). */
  private Future<Void> send(List<OutboxRow> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    // Asking for the partitions first fails fast (kafka.deliveryTimeoutMs at most) when a topic is unknown or the
    // broker was never reachable, instead of every single send blocking for its metadata in turn.
    List<Future<?>> metadata = new ArrayList<>();
    for (String topic : new LinkedHashSet<>(rows.stream().map(OutboxRow::topic).toList())) {
      metadata.add(producer.partitionsFor(topic));
    }
    return Future.all(metadata).compose(m -> {
      List<Future<?>> acks = new ArrayList<>(rows.size());
      for (OutboxRow row : rows) {
        acks.add(producer.send(KafkaProducerRecord.create(row.topic(), row.key(), row.event().encode())));
      }
      // join, not all: wait for every outcome, so that no send is still in flight when the transaction ends.
      return Future.join(acks).mapEmpty();
    });
  }

  private Future<Void> markSent(SqlConnection conn, List<OutboxRow> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] ids = rows.stream().map(OutboxRow::id).toArray(Long[]::new);
    return conn.preparedQuery(MARK_SENT).execute(Tuple.of(ids)).mapEmpty();
  }
}
