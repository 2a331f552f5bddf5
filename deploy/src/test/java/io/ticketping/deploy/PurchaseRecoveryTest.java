package io.ticketping.deploy;

import io.ticketping.booking.BookingVerticle;
import io.ticketping.shared.events.EventTypes;
import io.ticketping.shared.events.GroupOffsets;
import io.ticketping.shared.events.KafkaSettings;
import io.ticketping.shared.events.Topics;
import io.vertx.core.DeploymentOptions;
import io.ticketping.shared.testing.Waits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The purchase survives late approvals, redelivered events, a stopped consumer and a stopped broker. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class PurchaseRecoveryTest {

  @Test
  @DisplayName("an approval that lands after the hold expired is refunded once: order EXPIRED, seat AVAILABLE")
  void approvalAfterExpiry(Vertx vertx, VertxTestContext ctx) {
    SystemFixture sys = SystemFixture.start(vertx, config -> {
      config.getJsonObject("booking").put("holdSeconds", 2).put("sweepMillis", 200);
      config.getJsonObject("services").put("requestTimeoutMs", 10_000);
      config.getJsonObject("payment").put("providerTimeoutMs", 6000).getJsonObject("simulator").put("latencyMs", 3500);
    });
    Purchase p = new Purchase(sys);
    String[] paymentId = new String[1];
    sys.demoShow(5).compose(p::show)
      .compose(v -> sys.user("late@example.com")).compose(p::buyer)
      .compose(v -> p.holdFirstSeat())
      .compose(v -> sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount))
      .compose(approved -> {
        ctx.verify(() -> assertThat(approved.bodyAsJsonObject().getString("status")).isEqualTo("APPROVED"));
        paymentId[0] = approved.bodyAsJsonObject().getString("paymentId");
        return sys.eventually(() -> sys.client.get("/api/v1/payments/" + paymentId[0]).bearerTokenAuthentication(p.token)
          .send().map(HttpResponse::bodyAsJsonObject), payment -> "REFUNDED".equals(payment.getString("status")), 20);
      })
      .compose(payment -> {
        ctx.verify(() -> assertThat(payment.getString("status")).isEqualTo("REFUNDED"));
        return Future.all(List.of(p.order(), p.seatStatus(), sys.simulatorStats(), sys.seatStatus(p.seatId),
          sys.orderStatus(p.orderId), sys.outboxEvents(p.orderId, EventTypes.PAYMENT_REFUNDED)));
      })
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(all.<JsonObject>resultAt(0).getString("status")).isEqualTo("EXPIRED");
        assertThat(all.<String>resultAt(1)).as("Redis seat map").isEqualTo("AVAILABLE");
        JsonObject stats = all.resultAt(2);
        assertThat(stats.getInteger("cancels")).isEqualTo(1);
        assertThat(stats.getJsonObject("cancelsPerKey").getMap()).as("cancel calls per payment key")
          .containsExactly(Map.entry(paymentId[0], 1));
        assertThat(all.<String>resultAt(3)).as("PostgreSQL seat").isEqualTo("AVAILABLE");
        assertThat(all.<String>resultAt(4)).as("PostgreSQL order").isEqualTo("EXPIRED");
        assertThat(all.<Long>resultAt(5)).as("PaymentRefunded events in the outbox").isEqualTo(1);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("replaying every event on the topics changes nothing: no second sale, refund or slot release")
  void redelivery(Vertx vertx, VertxTestContext ctx) {
    SystemFixture sys = SystemFixture.start(vertx);
    Purchase p = new Purchase(sys);
    long[] soldBefore = new long[1];
    sys.demoShow(2).compose(p::show)
      .compose(v -> sys.user("twice@example.com")).compose(p::buyer)
      .compose(v -> p.holdFirstSeat())
      .compose(v -> sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount))
      .compose(v -> sys.eventually(p::order, order -> "PAID".equals(order.getString("status")), 20))
      // OrderPaid frees the buyer's slot; entering again then takes a new one, which a replay must not free.
      .compose(v -> sys.eventually(() -> sys.client.get("/api/v1/queue/" + p.showId).bearerTokenAuthentication(p.token)
        .send(), r -> r.statusCode() == 404, 20))
      .compose(v -> sys.enter(p.showId, p.token))
      .compose(again -> {
        ctx.verify(() -> assertThat(again.getString("status")).isEqualTo("ADMITTED"));
        return Future.succeededFuture();
      })
      .compose(v -> sys.soldSeats(p.scheduleId))
      .compose(sold -> {
        soldBefore[0] = sold;
        ctx.verify(() -> assertThat(sold).as("seats SOLD in PostgreSQL before the replay").isEqualTo(1));
        return replayAll(vertx, sys.config, p.orderId);
      })
      .compose(replayed -> {
        ctx.verify(() -> assertThat(replayed).as("events replayed").hasSizeGreaterThanOrEqualTo(3));
        // Every consumer group has committed past every replayed record: each was handled (as a duplicate).
        return consumedPast(vertx, sys.config, replayed);
      })
      .compose(v -> Future.all(List.of(p.order(), p.seatStatus(), sys.simulatorStats(),
        sys.client.get("/api/v1/queue/" + p.showId).bearerTokenAuthentication(p.token).send()
          .map(HttpResponse::bodyAsJsonObject),
        sys.soldSeats(p.scheduleId), sys.outboxEvents(p.orderId, EventTypes.ORDER_PAID), sys.seatStatus(p.seatId))))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(all.<JsonObject>resultAt(0).getString("status")).isEqualTo("PAID");
        assertThat(all.<String>resultAt(1)).as("Redis seat map").isEqualTo("SOLD");
        assertThat(all.<JsonObject>resultAt(2).getInteger("charges")).isEqualTo(1);
        assertThat(all.<JsonObject>resultAt(2).getInteger("cancels")).isEqualTo(0);
        assertThat(all.<JsonObject>resultAt(3).getString("status")).as("the new slot survives").isEqualTo("ADMITTED");
        assertThat(all.<Long>resultAt(4)).as("seats SOLD in PostgreSQL after the replay").isEqualTo(soldBefore[0]);
        assertThat(all.<Long>resultAt(5)).as("OrderPaid events in the outbox").isEqualTo(1);
        assertThat(all.<String>resultAt(6)).as("PostgreSQL seat").isEqualTo("SOLD");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("booking stopped between the charge and the order update: once back, the order ends PAID exactly once")
  void bookingDownMidPayment(Vertx vertx, VertxTestContext ctx) {
    SystemFixture sys = SystemFixture.start(vertx, config ->
      config.getJsonObject("payment").put("providerTimeoutMs", 4000).getJsonObject("simulator").put("latencyMs", 1500));
    Purchase p = new Purchase(sys);
    sys.demoShow(5).compose(p::show)
      .compose(v -> sys.user("crash@example.com")).compose(p::buyer)
      .compose(v -> p.holdFirstSeat())
      .compose(v -> {
        // The order check passes, then booking goes away while the provider takes its time to approve. The simulator
        // counts the confirm as it arrives, so booking is stopped while the provider still has the call in hand.
        Future<HttpResponse<io.vertx.core.buffer.Buffer>> paying =
          sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount);
        return sys.eventually(sys::simulatorStats, stats -> !stats.getJsonObject("confirmsPerKey").isEmpty(), 10)
          .compose(stats -> vertx.undeploy(sys.deployments.get("booking")))
          .compose(x -> paying);
      })
      .compose(paid -> {
        ctx.verify(() -> assertThat(paid.bodyAsJsonObject().getString("status")).isEqualTo("APPROVED"));
        // The approval is in the payment outbox (and soon on Kafka); with booking down nobody applies it.
        return Waits.later(vertx, 1500).compose(v -> sys.orderStatus(p.orderId));
      })
      .compose(pending -> {
        ctx.verify(() -> assertThat(pending).as("the order in PostgreSQL while booking is down")
          .isEqualTo("PENDING_PAYMENT"));
        return vertx.deployVerticle(BookingVerticle.class, new DeploymentOptions().setConfig(sys.config));
      })
      .compose(v -> sys.eventually(p::order, order -> "PAID".equals(order.getString("status")), 30))
      // The OrderPaid event frees the buyer's slot: the queue forgets them.
      .compose(order -> sys.eventually(() -> sys.client.get("/api/v1/queue/" + p.showId)
        .bearerTokenAuthentication(p.token).send(), r -> r.statusCode() == 404, 20).map(order))
      .compose(order -> Future.all(List.of(Future.succeededFuture(order), p.seatStatus(), sys.simulatorStats(),
        sys.orderStatus(p.orderId), sys.seatStatus(p.seatId), sys.outboxEvents(p.orderId, EventTypes.ORDER_PAID),
        sys.handled("queue.slot-release", p.orderId, EventTypes.ORDER_PAID),
        sys.client.get("/api/v1/queue/" + p.showId).bearerTokenAuthentication(p.token).send())))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(all.<JsonObject>resultAt(0).getString("status")).isEqualTo("PAID");
        assertThat(all.<String>resultAt(1)).as("Redis seat map").isEqualTo("SOLD");
        assertThat(all.<JsonObject>resultAt(2).getInteger("charges")).isEqualTo(1);
        assertThat(all.<String>resultAt(3)).as("PostgreSQL order").isEqualTo("PAID");
        assertThat(all.<String>resultAt(4)).as("PostgreSQL seat").isEqualTo("SOLD");
        assertThat(all.<Long>resultAt(5)).as("OrderPaid events in the outbox").isEqualTo(1);
        assertThat(all.<Long>resultAt(6)).as("OrderPaid events the slot release handled").isEqualTo(1);
        assertThat(all.<HttpResponse<?>>resultAt(7).statusCode()).as("the buyer's slot was released").isEqualTo(404);
        ctx.completeNow();
      })));
  }

  /**
   * Reads every record of this order (key = order id) on the event topics from the start and publishes each again,
   * unchanged; where the copies landed. (Other tests' events stay on the topics, and their ids restart with each reset.)
   */
  private static Future<List<RecordMetadata>> replayAll(Vertx vertx, JsonObject config, String orderId) {
    KafkaProducer<String, String> producer = KafkaProducer.create(vertx, KafkaSettings.reliableProducer(config));
    return TopicRecords.read(vertx, config, java.util.Set.of(Topics.PAYMENT_EVENTS, Topics.ORDER_EVENTS), orderId)
      .compose(records -> Future.all(records.stream()
        .map(r -> producer.send(KafkaProducerRecord.create(r.topic(), r.key(), r.value())))
        .toList()))
      .map(sent -> sent.<RecordMetadata>list())
      .eventually(producer::close);
  }

  /** The consumer groups of the system and the topic each reads. */
  private static final Map<String, String> GROUPS = Map.of(
    "booking.payment-outcomes", Topics.PAYMENT_EVENTS,
    "payment.refunds", Topics.ORDER_EVENTS,
    "queue.slot-release", Topics.ORDER_EVENTS);

  /** Completes once every consumer group has committed an offset past each of {@code records} of its topic. */
  private static Future<Void> consumedPast(Vertx vertx, JsonObject config, List<RecordMetadata> records) {
    String bootstrap = config.getJsonObject("kafka").getString("bootstrapServers");
    List<Future<Void>> groups = new ArrayList<>();
    GROUPS.forEach((group, topic) -> {
      Map<TopicPartition, Long> needed = new HashMap<>();
      records.stream().filter(r -> topic.equals(r.getTopic())).forEach(r ->
        needed.merge(new TopicPartition(r.getTopic(), r.getPartition()), r.getOffset() + 1, Math::max));
      if (needed.isEmpty()) {
        groups.add(Future.failedFuture(new AssertionError("no record of " + topic + " was replayed")));
        return;
      }
      groups.add(Waits.eventually(vertx, group + " committing past the replayed records " + needed, 30_000,
        () -> GroupOffsets.byPartition(vertx, bootstrap, group).map(committed -> needed.entrySet().stream()
          .allMatch(e -> committed.getOrDefault(e.getKey(), -1L) >= e.getValue()))));
    });
    return Future.all(groups).mapEmpty();
  }

}
