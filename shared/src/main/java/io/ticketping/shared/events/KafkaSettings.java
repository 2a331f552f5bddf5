package io.ticketping.shared.events;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;

/** Kafka client settings derived from the {@code kafka} section of the configuration. */
public final class KafkaSettings {

  private KafkaSettings() {
  }

  static Map<String, String> admin(JsonObject config) {
    Map<String, String> map = new HashMap<>();
    map.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka(config).getString("bootstrapServers"));
    return map;
  }

  /**
   * An admin client for the readiness probe: each call gives up after {@code timeoutMs} (the client default is a
   * minute), so calls made while the broker is down end on their own instead of piling up.
   */
  public static Map<String, String> probe(JsonObject config, long timeoutMs) {
    Map<String, String> map = admin(config);
    map.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
    map.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
    // Reconnect soon after the broker returns, so readiness recovers within a second or two.
    map.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    return map;
  }

  /**
   * An idempotent producer that reports success only once every in-sync replica has the record: the relay marks an
   * outbox row sent on that report, so it must mean "durable". Idempotence also keeps the records of one partition in
   * send order across internal retries.
   */
  public static Map<String, String> reliableProducer(JsonObject config) {
    int deliveryTimeout = kafka(config).getInteger("deliveryTimeoutMs");
    int requestTimeout = Math.max(1000, Math.min(10_000, deliveryTimeout / 3));
    Map<String, String> map = new HashMap<>();
    map.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka(config).getString("bootstrapServers"));
    map.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    map.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    map.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    map.put(ProducerConfig.ACKS_CONFIG, "all");
    map.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    map.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    // Bounded waits, so that a relay transaction (which holds its outbox rows locked) fails and retries within
    // deliveryTimeoutMs when the broker is away, instead of the client default of two minutes.
    map.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryTimeout));
    map.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(requestTimeout));
    map.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.min(deliveryTimeout, 10_000)));
    return map;
  }

  /**
   * A consumer that commits only when told to (after the effect's transaction committed) and that starts a new group
   * at the oldest record, so that events published before a service's first start are not skipped.
   */
  public static Map<String, String> manualCommitConsumer(JsonObject config, String groupId) {
    Map<String, String> map = new HashMap<>();
    map.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka(config).getString("bootstrapServers"));
    map.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    map.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    map.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    map.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    map.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    map.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
    // close() waits for pending group requests at most this long (the client default is 30 s): a consumer stopped
    // while its first group join is still pending must not hold up the shutdown of its verticle.
    map.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    // A member that vanished without leaving the group (a crash, or a close that timed out) blocks the group's next
    // rebalance until the broker expires it: 10 s rather than the client default of 45 s, during which no event of
    // the group would be handled.
    map.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
    return map;
  }

  static JsonObject kafka(JsonObject config) {
    JsonObject kafka = config.getJsonObject("kafka");
    if (kafka == null) {
      throw new IllegalArgumentException("the configuration has no kafka section");
    }
    return kafka;
  }
}
