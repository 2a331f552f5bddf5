package io.ticketping.shared.events;

import io.micrometer.core.instrument.Counter;
import io.ticketping.shared.observability.DomainMeters;
import io.ticketping.shared.observability.MetricNames;
import io.ticketping.shared.observability.OutageLog;
import io.vertx.core.Future;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Delivers one record to a consumer's {@link EventHandler}, exactly once in effect: the handler runs in a transaction
 * that first records {@code (consumer, eventId)} in {@code processed_events}, so an event seen before is skipped
 * (events of types the handler does not handle are passed over without one).
 *
 * <p>A failure is retried with exponential backoff. What happens after depends on whose fault it is (see
 * {@link Failures}): a transient failure of the infrastructure (Redis, PostgreSQL or Kafka unreachable or busy) is
 * retried until it succeeds, because the event is fine and parking it would leave its effect undone (a payment taken,
 * its order never marked paid); a poison event is parked on its topic's {@code .dlq} after {@code maxAttempts} (value
 * unchanged, the reason in headers) so that it cannot stall its partition. Either way a delivery holds its poll at
 * most until the deadline it is given: a retry that would wait past it gives up the record with {@link Deferred}, the
 * consumer polls again (staying in its group) and gets the same record back, and the retry goes on where it stopped.
 */
final class EventDelivery {

  /** Header names on a dead-lettered record. */
  static final String ERROR_HEADER = "ticketping.error";
  static final String CONSUMER_HEADER = "ticketping.consumer";
  static final String ATTEMPTS_HEADER = "ticketping.attempts";
  static final String SOURCE_HEADER = "ticketping.source";
  static final String FAILED_AT_HEADER = "ticketping.failedAt";

  private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);
  private static final String MARK_HANDLED =
    "INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
  private static final int MAX_ERROR_LENGTH = 2000;

  /** Thrown into a delivery cut short because its consumer stops; the record is then delivered again later. */
  static final class Stopping extends RuntimeException {
    Stopping() {
      super("consumer is stopping", null, false, false);
    }
  }

  /**
   * Thrown into a delivery whose next retry would hold the poll past its deadline: the consumer stops its partition at
   * the record and polls again, which hands the record back; {@link DeliveryRetry} remembers how far it got.
   */
  static final class Deferred extends RuntimeException {
    Deferred() {
      super("retry deferred to the next poll", null, false, false);
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final String consumer;
  private final EventHandler handler;
  private final KafkaProducer<String, String> deadLetters;
  private final RetryPolicy policy;
  private final BooleanSupplier stopping;
  private final Set<Timer> waits = ConcurrentHashMap.newKeySet();
  private final DeliveryRetry.Book retries = new DeliveryRetry.Book();
  /** While infrastructure is away every retry fails alike: one WARN per 10 s says so, the rest is DEBUG. */
  private final OutageLog waiting = OutageLog.warnEvery(LOG, Duration.ofSeconds(10));

  EventDelivery(Vertx vertx, Pool pool, String consumer, EventHandler handler, KafkaProducer<String, String> deadLetters,
                RetryPolicy policy, BooleanSupplier stopping) {
    this.vertx = vertx;
    this.pool = pool;
    this.consumer = consumer;
    this.handler = handler;
    this.deadLetters = deadLetters;
    this.policy = policy;
    this.stopping = stopping;
  }

  /**
   * Completes once the record is handled, found handled before, or parked; fails only with {@link Stopping}, or with
   * {@link Deferred} when a retry would wait past {@code deadlineNanos} ({@link System#nanoTime()}).
   */
  Future<Void> deliver(ConsumerRecord<String, String> record, long deadlineNanos) {
    DomainEvent event;
    try {
      event = DomainEvent.fromJson(record.value());
    } catch (RuntimeException e) {
      // Unreadable now means unreadable on every retry: park it at once.
      return park(record, e, 0, 1);
    }
    if (!handler.handles(event.type())) {
      return Future.succeededFuture();
    }
    DeliveryRetry retry = retries.of(record.topic(), record.partition(), record.offset());
    // A record given up at the last poll's deadline first waits out the rest of its backoff.
    long wait = retry.waitMillis(System.nanoTime());
    Future<Void> ready = wait > 0 ? pause(wait) : Future.succeededFuture();
    return ready.compose(v -> attempt(record, event, retry, deadlineNanos));
  }

  /** Cuts short every backoff wait in progress (the consumer stops). */
  void cancelWaits() {
    waits.forEach(Timer::cancel);
  }

  private Future<Void> attempt(ConsumerRecord<String, String> record, DomainEvent event, DeliveryRetry retry,
                               long deadlineNanos) {
    return applyOnce(event).transform(ar -> {
      if (ar.succeeded()) {
        recovered(record, event, retry);
        return Future.succeededFuture();
      }
      Throwable error = ar.cause();
      if (stopping.getAsBoolean()) {
        return Future.failedFuture(new Stopping());
      }
      long now = System.nanoTime();
      boolean transientFailure = Failures.isTransient(error);
      retry.failed(transientFailure, now);
      if (!transientFailure && retry.attempts() >= policy.maxAttempts()) {
        retries.done(retry);
        return park(record, error, retry.attempts(), 1);
      }
      long delay = policy.backoff(retry.failures());
      if (transientFailure) {
        waiting.failed("{}: waiting for infrastructure: event {} ({}) at {}/{}@{} has failed transiently for {} ms "
            + "({} tries); retrying in {} ms, never dead-lettered; its partition waits behind it: {}",
          consumer, event.eventId(), event.type(), record.topic(), record.partition(), record.offset(),
          retry.transientMillis(now), retry.failures(), delay, error.toString());
      } else {
        LOG.warn("{}: event {} ({}) failed on attempt {} of {}, retrying in {} ms: {}", consumer, event.eventId(),
          event.type(), retry.attempts(), policy.maxAttempts(), delay, error.toString());
      }
      long next = now + TimeUnit.MILLISECONDS.toNanos(delay);
      if (next - deadlineNanos > 0) {
        retry.notBefore(next);
        return Future.failedFuture(new Deferred());
      }
      return pause(delay).compose(v -> attempt(record, event, retry, deadlineNanos));
    });
  }

  private void recovered(ConsumerRecord<String, String> record, DomainEvent event, DeliveryRetry retry) {
    retries.done(retry);
    if (retry.failedTransiently()) {
      // The next outage warns at once rather than when this one's interval is over.
      waiting.forget();
      LOG.info("{}: infrastructure is back: event {} ({}) at {}/{}@{} handled after {} ms of transient failures",
        consumer, event.eventId(), event.type(), record.topic(), record.partition(), record.offset(),
        retry.transientMillis(System.nanoTime()));
    }
  }

  private Future<Void> applyOnce(DomainEvent event) {
    return pool.withTransaction(conn -> conn.preparedQuery(MARK_HANDLED).execute(Tuple.of(consumer, event.eventId()))
      // No row inserted: this consumer handled the event before (a redelivery). Nothing more to do.
      .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture() : invoke(conn, event)));
  }

  private Future<Void> invoke(SqlConnection conn, DomainEvent event) {
    try {
      Future<Void> effect = handler.handle(conn, event);
      return effect != null ? effect : Future.failedFuture(new NullPointerException("handler returned null"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** The count of {@code consumer}'s events of {@code topic} parked on its dead-letter topic. */
  static Counter deadLettered(Vertx vertx, String consumer, String topic) {
    return DomainMeters.of(vertx).counter(MetricNames.EVENTS_DEAD_LETTERED, "Events parked on a dead-letter topic",
      "consumer", consumer, "topic", topic);
  }

  /** Publishes the record to its dead-letter topic, retrying until the broker takes it or the consumer stops. */
  private Future<Void> park(ConsumerRecord<String, String> record, Throwable error, int attempts, int tries) {
    String dlq = Topics.dlq(record.topic());
    KafkaProducerRecord<String, String> letter = KafkaProducerRecord.create(dlq, record.key(), record.value())
      .addHeader(ERROR_HEADER, truncate(String.valueOf(error)))
      .addHeader(CONSUMER_HEADER, consumer)
      .addHeader(ATTEMPTS_HEADER, String.valueOf(attempts))
      .addHeader(SOURCE_HEADER, record.topic() + "/" + record.partition() + "@" + record.offset())
      .addHeader(FAILED_AT_HEADER, Instant.now().toString());
    return deadLetters.send(letter)
      .<Void>map(meta -> {
        LOG.error("{}: parked {}/{}@{} on {} after {} attempt(s): {}", consumer, record.topic(), record.partition(),
          record.offset(), dlq, attempts, error.toString());
        deadLettered(vertx, consumer, record.topic()).increment();
        return null;
      })
      .recover(e -> {
        if (stopping.getAsBoolean()) {
          return Future.failedFuture(new Stopping());
        }
        LOG.warn("{}: cannot park a record on {} yet (try {}): {}", consumer, dlq, tries, e.toString());
        return pause(policy.maxBackoffMillis()).compose(v -> park(record, error, attempts, tries + 1));
      });
  }

  private Future<Void> pause(long millis) {
    Timer timer = vertx.timer(millis);
    waits.add(timer);
    return timer.transform(ar -> {
      waits.remove(timer);
      return stopping.getAsBoolean() ? Future.failedFuture(new Stopping()) : Future.succeededFuture();
    });
  }

  private static String truncate(String text) {
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
  }
}
