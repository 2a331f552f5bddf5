package io.ticketping.shared.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Puts dead-lettered events back on their topics, once their cause is fixed: reads {@code <topic>.dlq} in a consumer
 * group of its own ({@value #GROUP}), republishes each letter unchanged (key and value) to {@code <topic>} with the
 * reliable producer, and commits after the broker acknowledged them. Safe to run any number of times: the consumers
 * record every event they applied ({@code processed_events}), so an event that reaches them again changes nothing, and
 * the group's committed offsets make the next run replay only letters parked after this one. A letter that is not an
 * event at all (unreadable JSON) can never be handled: it is left out, counted as skipped, and committed past.
 *
 * <p>A run replays the letters that were on the dead-letter topic when it began, then stops: it needs no consumer
 * running, and an event parked again meanwhile waits for the next run rather than going round in a loop.
 */
public final class DeadLetterReplay {

  /** The consumer group whose committed offsets say how far the dead-letter topics were replayed. */
  public static final String GROUP = "ticketping.dlq-replay";

  /** What one topic's replay did: letters republished, and unreadable letters left out. */
  public record Result(String topic, long replayed, long skipped) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);
  /** A run that reads nothing for this long while letters are known to wait has lost its broker: it fails. */
  private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Vertx vertx;
  private final JsonObject config;
  private final Duration pollTimeout;

  public DeadLetterReplay(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.config = config;
    this.pollTimeout = Duration.ofMillis(KafkaSettings.kafka(config).getInteger("consumerPollMillis"));
  }

  /** Every event topic that has a dead-letter topic: the default of the replay command. */
  public static List<String> eventTopics() {
    return Topics.all().stream().filter(topic -> !topic.endsWith(Topics.DLQ_SUFFIX)).toList();
  }

  /** Replays each topic's dead letters in turn; the results in the same order. Fails at the first topic that fails. */
  public Future<List<Result>> replay(List<String> topics) {
    Future<List<Result>> chain = Future.succeededFuture(new ArrayList<>());
    for (String topic : topics) {
      chain = chain.compose(results -> replay(topic).map(result -> {
        results.add(result);
        return results;
      }));
    }
    return chain;
  }

  /** Replays the letters on {@code topic}'s dead-letter topic that no earlier run replayed. */
  public Future<Result> replay(String topic) {
    String dlq = Topics.dlq(topic);
    Context context = vertx.getOrCreateContext();
    // Both topics normally exist already; creating them (idempotent) spares a wait for metadata that never comes.
    return Topics.create(vertx, config, List.of(topic, dlq))
      // Building Kafka clients loads classes and resolves names: on a worker, never on an event loop.
      .compose(v -> context.executeBlocking(() -> new Clients(
        KafkaConsumer.<String, String>create(vertx, KafkaSettings.manualCommitConsumer(config, GROUP)),
        KafkaProducer.<String, String>create(vertx, KafkaSettings.reliableProducer(config)))))
      .compose(clients -> replay(clients, topic, dlq).eventually(clients::close))
      .map(result -> {
        LOG.info("Replayed {} dead letter(s) of {} onto {} ({} unreadable, left out)", result.replayed(), dlq, topic,
          result.skipped());
        return result;
      });
  }

  private Future<Result> replay(Clients clients, String topic, String dlq) {
    KafkaConsumer<String, String> consumer = clients.consumer();
    // Assigned rather than subscribed: no group rebalance to wait for, and every partition is read by this run.
    return consumer.partitionsFor(dlq)
      .map(infos -> infos.stream().map(info -> new TopicPartition(dlq, info.getPartition()))
        .collect(Collectors.toSet()))
      .compose(partitions -> consumer.assign(partitions).compose(v -> consumer.endOffsets(partitions)))
      .compose(ends -> drain(clients, topic, ends, new Result(topic, 0, 0), System.nanoTime()));
  }

  /** Polls and republishes until every partition's position reached the end it had when the run began. */
  private Future<Result> drain(Clients clients, String topic, Map<TopicPartition, Long> ends, Result sofar,
                               long lastProgress) {
    return lettersLeft(clients.consumer(), ends).compose(left -> {
      if (!left) {
        return Future.succeededFuture(sofar);
      }
      return clients.consumer().poll(pollTimeout).compose(batch -> {
        List<ConsumerRecord<String, String>> letters = lettersBefore(batch, ends);
        if (letters.isEmpty()) {
          if (System.nanoTime() - lastProgress > STALL_NANOS) {
            return Future.failedFuture(new IllegalStateException("no dead letter of " + topic
              + " could be read for 30 s although some wait (ends " + ends + ")"));
          }
          return drain(clients, topic, ends, sofar, lastProgress);
        }
        return republish(clients.producer(), topic, letters)
          .compose(skipped -> clients.consumer().commit(nextOffsets(letters))
            .map(v -> new Result(topic, sofar.replayed() + letters.size() - skipped, sofar.skipped() + skipped)))
          .compose(next -> drain(clients, topic, ends, next, System.nanoTime()));
      });
    });
  }

  private static Future<Boolean> lettersLeft(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
    List<Future<Boolean>> behind = new ArrayList<>();
    ends.forEach((partition, end) -> behind.add(consumer.position(partition).map(at -> at < end)));
    return Future.all(behind).map(all -> all.<Boolean>list().contains(true));
  }

  /** The letters of the batch that were parked before the run began, partition by partition in offset order. */
  private static List<ConsumerRecord<String, String>> lettersBefore(KafkaConsumerRecords<String, String> batch,
                                                                    Map<TopicPartition, Long> ends) {
    List<ConsumerRecord<String, String>> letters = new ArrayList<>();
    for (org.apache.kafka.common.TopicPartition tp : batch.records().partitions()) {
      long end = ends.getOrDefault(new TopicPartition(tp.topic(), tp.partition()), 0L);
      batch.records().records(tp).stream().filter(r -> r.offset() < end).forEach(letters::add);
    }
    return letters;
  }

  /**
   * Sends the readable letters to {@code topic} in order and completes, with how many were unreadable, once the broker
   * acknowledged every one; fails if any was not (the run stops before committing them, and a next run sends them
   * again, which the consumers shrug off).
   */
  private static Future<Long> republish(KafkaProducer<String, String> producer, String topic,
                                        List<ConsumerRecord<String, String>> letters) {
    List<Future<?>> acks = new ArrayList<>();
    long skipped = 0;
    for (ConsumerRecord<String, String> letter : letters) {
      if (!readable(letter)) {
        skipped++;
        LOG.warn("Dead letter {}/{}@{} is not an event and is left out of the replay", letter.topic(),
          letter.partition(), letter.offset());
        continue;
      }
      acks.add(producer.send(KafkaProducerRecord.create(topic, letter.key(), letter.value())));
    }
    long unreadable = skipped;
    // join, not all: every send has its outcome before the run goes on (or stops).
    return Future.join(acks).map(v -> unreadable);
  }

  private static boolean readable(ConsumerRecord<String, String> letter) {
    try {
      DomainEvent.fromJson(letter.value());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<String, String>> letters) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (ConsumerRecord<String, String> letter : letters) {
      offsets.merge(new TopicPartition(letter.topic(), letter.partition()),
        new OffsetAndMetadata(letter.offset() + 1, null),
        (a, b) -> a.getOffset() >= b.getOffset() ? a : b);
    }
    return offsets;
  }

  private record Clients(KafkaConsumer<String, String> consumer, KafkaProducer<String, String> producer) {
    Future<Void> close() {
      return Future.join(consumer.close(), producer.close()).mapEmpty();
    }
  }
}
