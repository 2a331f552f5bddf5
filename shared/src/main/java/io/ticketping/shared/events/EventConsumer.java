package io.ticketping.shared.events;

import io.ticketping.shared.observability.DomainMeters;
import io.ticketping.shared.observability.MetricNames;
import io.ticketping.shared.observability.MetricsSetup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.sqlclient.Pool;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A consumer group member that hands every event of its topics to an {@link EventHandler}, idempotently (see
 * {@link EventDelivery}), and commits Kafka offsets only after the effects' transactions committed.
 *
 * <p>It polls, handles the batch (the records of one partition one after another, in offset order; partitions side
 * by side), commits the offsets it got through, and polls again, so records are never handled out of order and
 * nothing waits on an event loop. A crash before the commit redelivers records whose effects are already committed;
 * {@code processed_events} turns those into no-ops. One batch takes at most about
 * {@code kafka.consumerTransientRetryBudgetMs}: a partition still retrying by then (Redis or PostgreSQL away) is
 * rewound to the record it is stuck at and polled again, so the consumer keeps its place in the group, its lag gauge
 * shows the wait, and no later record of the partition overtakes the stuck one.
 *
 * <p>{@code name} identifies the consumer in {@code processed_events} and is also the default Kafka group id. A second
 * group with the same name (see {@link #groupId(String)}) replays the topics without applying anything twice, as long
 * as the events are younger than {@code kafka.processedEventsRetentionSeconds}: older rows are purged.
 */
public final class EventConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(EventConsumer.class);

  private final Vertx vertx;
  private final Pool pool;
  private final JsonObject config;
  private final String name;
  private final Set<String> topics;
  private final EventHandler handler;
  private final Duration pollTimeout;
  private final long retryBudgetNanos;
  private final RetentionPurge purge;
  private String groupId;
  private Context context;
  private KafkaConsumer<String, String> consumer;
  private KafkaProducer<String, String> deadLetters;
  private EventDelivery delivery;
  private volatile boolean stopping;
  private DomainMeters.Level lag;
  private long lagMeasuredAt;
  private final Promise<Void> loopDone = Promise.promise();

  /**
   * @param name   this consumer's identity in {@code processed_events} (e.g. {@code queue.slot-release}); default group id
   * @param topics event topics to subscribe to; their {@code .dlq} topics are created by {@link #start()} if missing
   */
  public EventConsumer(Vertx vertx, Pool pool, JsonObject config, String name, Collection<String> topics,
                       EventHandler handler) {
    if (name == null || name.isBlank() || topics.isEmpty()) {
      throw new IllegalArgumentException("a consumer needs a name and at least one topic");
    }
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.name = name;
    this.topics = new LinkedHashSet<>(topics);
    this.handler = handler;
    this.groupId = name;
    this.pollTimeout = Duration.ofMillis(KafkaSettings.kafka(config).getInteger("consumerPollMillis"));
    this.retryBudgetNanos = TimeUnit.MILLISECONDS.toNanos(
      KafkaSettings.kafka(config).getLong("consumerTransientRetryBudgetMs"));
    this.purge = RetentionPurge.processedEvents(vertx, pool, config, name);
  }

  /** Uses another Kafka consumer group than {@code name} (before {@link #start()}). */
  public EventConsumer groupId(String groupId) {
    this.groupId = groupId;
    return this;
  }

  public String name() {
    return name;
  }

  /** Ensures its topics and their dead-letter topics exist, subscribes, and starts consuming; completes once subscribed. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    // Building Kafka clients loads classes and resolves the brokers' names, which can take seconds on a busy machine:
    // on a worker thread of this context, not on its event loop. Everything after runs on the event loop again.
    return context.executeBlocking(() -> {
        deadLetters = KafkaProducer.create(vertx, KafkaSettings.reliableProducer(config));
        consumer = KafkaConsumer.create(vertx, KafkaSettings.manualCommitConsumer(config, groupId));
        return null;
      })
      .compose(v -> {
        prepareDelivery();
        List<String> needed = new ArrayList<>(topics);
        topics.forEach(topic -> needed.add(Topics.dlq(topic)));
        // A consumer may start before any producer: it creates its own topics rather than wait for them.
        return Topics.create(vertx, config, needed);
      })
      .compose(v -> consumer.subscribe(topics))
      .onSuccess(v -> {
        purge.start();
        pollLoop();
      })
      .onFailure(e -> loopDone.tryComplete());
  }

  /** The delivery of records (with its retries and dead letters) and, with metrics on, the lag gauge. */
  private void prepareDelivery() {
    JsonObject kafka = KafkaSettings.kafka(config);
    // Send failures also reach the send futures, which retry; without this each one is logged again.
    deadLetters.exceptionHandler(e -> LOG.debug("{}: dead-letter producer: {}", name, e.toString()));
    delivery = new EventDelivery(vertx, pool, name, handler, deadLetters, RetryPolicy.of(kafka), () -> stopping);
    if (MetricsSetup.active(vertx)) {
      lag = DomainMeters.of(vertx).gauge(MetricNames.CONSUMER_LAG,
        "Records of the assigned partitions not yet handled (log end minus position)", "consumer", name);
      // Registered now, so that "nothing parked" is a 0 rather than a missing series.
      topics.forEach(topic -> EventDelivery.deadLettered(vertx, name, topic));
    }
  }

  /** Stops after the record in hand (backoff waits are cut short), commits what was handled, closes the clients. */
  public Future<Void> stop() {
    if (context == null) {
      return Future.succeededFuture();
    }
    stopping = true;
    purge.stop();
    if (delivery != null) {
      delivery.cancelWaits();
    }
    return loopDone.future()
      .eventually(() -> consumer == null ? Future.succeededFuture() : consumer.close())
      .eventually(() -> deadLetters == null ? Future.succeededFuture() : deadLetters.close());
  }

  private void pollLoop() {
    if (stopping) {
      loopDone.tryComplete();
      return;
    }
    consumer.poll(pollTimeout)
      .compose(this::handleBatch)
      .compose(v -> measureLag())
      .recover(e -> {
        if (stopping) {
          return Future.succeededFuture();
        }
        LOG.warn("{}: poll or commit failed, polling again shortly: {}", name, e.toString());
        return vertx.timer(pollTimeout.toMillis()).mapEmpty();
      })
      .onComplete(next -> pollLoop());
  }

  /**
   * Between two polls, at most every {@code metrics.refreshMillis}: how far the assigned partitions' ends are ahead
   * of this consumer's positions. Here rather than from the gauge, because the consumer is not thread-safe and the
   * end offsets need a broker round trip. A failed measurement only leaves the gauge as it was.
   */
  private Future<Void> measureLag() {
    long now = System.currentTimeMillis();
    if (lag == null || stopping || now - lagMeasuredAt < MetricsSetup.refreshMillis(config)) {
      return Future.succeededFuture();
    }
    lagMeasuredAt = now;
    return consumer.assignment().compose(assigned -> {
      if (assigned.isEmpty()) {
        lag.set(0);
        return Future.<Void>succeededFuture();
      }
      return consumer.endOffsets(assigned).compose(ends -> {
        List<Future<Long>> behind = new ArrayList<>();
        ends.forEach((partition, end) -> behind.add(consumer.position(partition).map(at -> Math.max(0, end - at))));
        return Future.all(behind).map(all -> {
          long sum = 0;
          for (int i = 0; i < all.size(); i++) {
            sum += all.<Long>resultAt(i);
          }
          lag.set(sum);
          return (Void) null;
        });
      });
    }).otherwise(e -> {
      LOG.debug("{}: consumer lag not measured: {}", name, e.toString());
      return null;
    });
  }

  private Future<Void> handleBatch(KafkaConsumerRecords<String, String> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    ConsumerRecords<String, String> records = batch.records();
    // The group drops a member that does not poll within max.poll.interval.ms: the batch ends by this deadline (plus
    // at most one record in hand or one backoff), and what it did not get through is polled again.
    long deadline = System.nanoTime() + retryBudgetNanos;
    List<Future<PartitionProgress>> partitions = new ArrayList<>();
    for (org.apache.kafka.common.TopicPartition tp : records.partitions()) {
      partitions.add(handlePartition(new TopicPartition(tp.topic(), tp.partition()), records.records(tp), deadline));
    }
    // handlePartition never fails, so all() waits for every partition.
    return Future.all(partitions).compose(all -> {
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      List<Future<?>> seeks = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        PartitionProgress progress = all.resultAt(i);
        if (progress.handledAny()) {
          offsets.put(progress.partition(), new OffsetAndMetadata(progress.nextOffset(), null));
        }
        if (!progress.finished() && !stopping) {
          // The consumer's position is already past the batch: rewind, or the unhandled rest would be skipped.
          seeks.add(consumer.seek(progress.partition(), progress.nextOffset()));
        }
      }
      Future<?> commit = offsets.isEmpty() ? Future.succeededFuture() : consumer.commit(offsets);
      seeks.add(commit);
      return Future.all(seeks).mapEmpty();
    });
  }

  /**
   * Handles the records of one partition strictly one after another; stops at the first that does not complete (the
   * consumer stops, or a retry was deferred to the next poll) and at the first not begun by {@code deadline}.
   */
  private Future<PartitionProgress> handlePartition(TopicPartition partition, List<ConsumerRecord<String, String>> records,
                                                    long deadline) {
    long first = records.get(0).offset();
    return handleFrom(records, 0, deadline)
      .map(next -> new PartitionProgress(partition, first, next, next > lastOffset(records)));
  }

  private Future<Long> handleFrom(List<ConsumerRecord<String, String>> records, int index, long deadline) {
    if (index == records.size()) {
      return Future.succeededFuture(records.get(index - 1).offset() + 1);
    }
    ConsumerRecord<String, String> record = records.get(index);
    if (stopping || System.nanoTime() - deadline > 0) {
      return Future.succeededFuture(record.offset());
    }
    return delivery.deliver(record, deadline).transform(ar -> ar.succeeded()
      ? handleFrom(records, index + 1, deadline)
      : Future.succeededFuture(record.offset()));
  }

  private static long lastOffset(List<ConsumerRecord<String, String>> records) {
    return records.get(records.size() - 1).offset();
  }

  /** How far one partition of a batch got: {@code nextOffset} is the first record not handled. */
  private record PartitionProgress(TopicPartition partition, long firstOffset, long nextOffset, boolean finished) {
    boolean handledAny() {
      return nextOffset > firstOffset;
    }
  }
}
