package io.ticketping.shared.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** The Kafka topics of TicketPing and their creation. Every event topic has a dead-letter twin ({@code .dlq}). */
public final class Topics {

  /** PaymentApproved, PaymentDeclined, PaymentRefunded; key = orderId. */
  public static final String PAYMENT_EVENTS = "payment.events";
  /** OrderCreated, OrderPaid, OrderExpired, OrderCancelled, OrderPaymentRefused, OrderRefundRequested, RefundCompleted; key = orderId. */
  public static final String ORDER_EVENTS = "order.events";
  public static final String DLQ_SUFFIX = ".dlq";
  private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(15);

  private Topics() {
  }

  /** Where consumers of {@code topic} park the events they could not handle. */
  public static String dlq(String topic) {
    return topic + DLQ_SUFFIX;
  }

  /** Every topic TicketPing uses: the event topics and their dead-letter topics. */
  public static List<String> all() {
    return List.of(PAYMENT_EVENTS, dlq(PAYMENT_EVENTS), ORDER_EVENTS, dlq(ORDER_EVENTS));
  }

  /** Creates every topic of {@link #all()} that does not exist yet. */
  public static Future<Void> createAll(Vertx vertx, JsonObject config) {
    return create(vertx, config, all());
  }

  /**
   * Creates the named topics with {@code kafka.topicPartitions} partitions and {@code kafka.replicationFactor}
   * replicas. Idempotent, and safe to run from several instances at once: a topic that exists already (or that
   * another instance creates meanwhile) counts as created. Auto-creation is off on our brokers, so this is how a
   * topic comes to exist. Completes once the broker serves every topic's metadata, not merely once the controller
   * recorded it, so a client may use the topics right away.
   */
  public static Future<Void> create(Vertx vertx, JsonObject config, Collection<String> names) {
    JsonObject kafka = config.getJsonObject("kafka");
    int partitions = kafka.getInteger("topicPartitions");
    short replicas = kafka.getInteger("replicationFactor").shortValue();
    KafkaAdminClient admin = KafkaAdminClient.create(vertx, KafkaSettings.admin(config));
    // One request per topic: a batch request fails as a whole when one of its topics exists.
    List<Future<Void>> creations = names.stream()
      .map(name -> admin.createTopics(List.of(new NewTopic(name, partitions, replicas)))
        .recover(e -> causedBy(e, TopicExistsException.class) ? Future.succeededFuture() : Future.failedFuture(e)))
      .toList();
    return Future.join(creations)
      .compose(v -> awaitVisible(vertx, admin, List.copyOf(names), System.nanoTime() + VISIBLE_TIMEOUT.toNanos()))
      .eventually(admin::close);
  }

  /** KRaft answers CreateTopics when the controller committed; the broker's metadata follows a moment later. */
  private static Future<Void> awaitVisible(Vertx vertx, KafkaAdminClient admin, List<String> names, long deadline) {
    return admin.describeTopics(names).<Void>mapEmpty().recover(e -> {
      if (!causedBy(e, UnknownTopicOrPartitionException.class) || System.nanoTime() > deadline) {
        return Future.failedFuture(e);
      }
      return vertx.timer(50).compose(v -> awaitVisible(vertx, admin, names, deadline));
    });
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
