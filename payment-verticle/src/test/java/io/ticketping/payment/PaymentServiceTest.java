package io.ticketping.payment;

import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.payment.PaymentAddresses;
import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.events.EventTypes;
import io.ticketping.shared.events.KafkaSettings;
import io.ticketping.shared.events.Topics;
import io.ticketping.shared.testing.HttpGets;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployed payment service against the real PostgreSQL, Kafka and the provider simulator, with a stand-in for
 * booking's order look-up: a payment is charged once however its key is repeated, its PaymentApproved reaches Kafka
 * once, and an OrderPaymentRefused from Kafka gives the money back with one PaymentRefunded.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class PaymentServiceTest {

  private static final long USER = 41;
  private static final long SHOW = 7;
  private static final long AMOUNT = 55_000;

  private PaymentStore store;
  private JsonObject config;
  private int simulatorPort;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestServers.get().kafka();
    store = PaymentStore.fresh(vertx);
    config = TestServers.get().config();
    config.getJsonObject("payment").put("reconcileMillis", 200).put("reconcileBackoffMs", 200);
    simulatorPort = SimulatedProvider.deploy(vertx, config);
    vertx.deployVerticle(PaymentVerticle.class, new DeploymentOptions().setConfig(config)).await();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  @DisplayName("one charge and one PaymentApproved per order, whatever the repeats; a refusal by booking refunds it")
  void payRepeatRefund(Vertx vertx) {
    UUID order = UUID.randomUUID();
    orderAwaitingPayment(vertx, order);
    KafkaConsumer<String, String> reader = reader(vertx);
    List<DomainEvent> seen = new CopyOnWriteArrayList<>();
    reader.handler(record -> {
      if (order.toString().equals(record.key())) {
        seen.add(DomainEvent.fromJson(record.value()));
      }
    });
    // The topic exists before the reader subscribes: a consumer would not see a topic created later for minutes.
    Topics.createAll(vertx, config).await();
    reader.subscribe(Topics.PAYMENT_EVENTS).await();

    JsonObject first = pay(vertx, "key-first-1", order).await();
    assertThat(first.getString("status")).isEqualTo(PaymentRecord.APPROVED);
    assertThat(pay(vertx, "key-first-1", order).await()).as("the same key answers the same").isEqualTo(first);
    assertThat(failureCode(pay(vertx, "key-second", order))).as("another key for a paid order").isEqualTo(409);
    awaitEvents(vertx, seen, 1);
    assertThat(seen).extracting(DomainEvent::type).containsExactly(EventTypes.PAYMENT_APPROVED);
    assertThat(simulatorStats(vertx).getInteger("charges")).isEqualTo(1);

    UUID paymentId = UUID.fromString(first.getString("paymentId"));
    DomainEvent refused = DomainEvent.of(EventTypes.ORDER_PAYMENT_REFUSED, order.toString(),
      new JsonObject().put("orderId", order.toString()).put("paymentId", paymentId.toString()));
    KafkaProducer<String, String> producer = KafkaProducer.create(vertx, KafkaSettings.reliableProducer(config));
    producer.send(KafkaProducerRecord.create(Topics.ORDER_EVENTS, order.toString(), refused.toJson().encode())).await();
    producer.close().await();

    awaitEvents(vertx, seen, 2);
    assertThat(seen).extracting(DomainEvent::type)
      .containsExactly(EventTypes.PAYMENT_APPROVED, EventTypes.PAYMENT_REFUNDED);
    assertThat(store.statusOf(paymentId)).isEqualTo(PaymentRecord.REFUNDED);
    JsonObject stats = simulatorStats(vertx);
    assertThat(stats.getInteger("cancels")).isEqualTo(1);
    assertThat(stats.getInteger("liveCharges")).isZero();
    reader.close().await();
  }

  /** Stands in for booking's order look-up: the order is the user's, of the show, awaiting this amount. */
  private static void orderAwaitingPayment(Vertx vertx, UUID order) {
    vertx.eventBus().<JsonObject>consumer(BookingAddresses.GET_ORDER, message -> message.reply(new JsonObject()
      .put("orderId", order.toString()).put("userId", USER).put("showId", SHOW).put("status", "PENDING_PAYMENT")
      .put("amount", AMOUNT).put("holdExpiresAt", Instant.now().plusSeconds(600).toString())));
  }

  private static Future<JsonObject> pay(Vertx vertx, String key, UUID order) {
    return vertx.eventBus().<JsonObject>request(PaymentAddresses.PAY, new JsonObject().put("userId", USER)
        .put("idempotencyKey", key).put("orderId", order.toString()).put("amount", AMOUNT)
        .put("showId", String.valueOf(SHOW)))
      .map(message -> message.body());
  }

  private static int failureCode(Future<?> call) {
    return call.transform(done -> Future.succeededFuture(done.failed() && done.cause() instanceof ReplyException e
      ? e.failureCode() : -1)).await();
  }

  private KafkaConsumer<String, String> reader(Vertx vertx) {
    return KafkaConsumer.create(vertx, Map.of(
      "bootstrap.servers", config.getJsonObject("kafka").getString("bootstrapServers"),
      "group.id", "reader-" + UUID.randomUUID(),
      "auto.offset.reset", "earliest",
      "enable.auto.commit", "false",
      "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
      "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"));
  }

  /** Waits until {@code count} events arrived, then a little longer, so that a duplicate would show. */
  private static void awaitEvents(Vertx vertx, List<DomainEvent> seen, int count) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (seen.size() < count && System.currentTimeMillis() < deadline) {
      vertx.timer(100).await();
    }
    vertx.timer(500).await();
    assertThat(seen).as("events on " + Topics.PAYMENT_EVENTS).hasSize(count);
  }

  private JsonObject simulatorStats(Vertx vertx) {
    return HttpGets.json(vertx, simulatorPort, "/sim/stats").await();
  }
}
