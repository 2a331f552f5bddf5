package io.ticketping.payment;

import io.ticketping.payment.provider.TossStyleProvider;
import io.ticketping.shared.events.EventTypes;
import io.ticketping.shared.pg.PipelinedPg;
import io.ticketping.shared.testing.HttpGets;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * The reconciler against the real PostgreSQL and the provider simulator, with two instances at once: every payment
 * whose answer was lost ends as the provider says, exactly once, and every refund reaches the provider exactly once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class PaymentReconcilerTest {

  private static final int CHARGED = 20;
  private static final int NEVER_SEEN = 20;
  private static final int REFUNDS = 10;
  private static final int FRESH = 5;

  private PaymentStore store;
  private TossStyleProvider provider;
  private JsonObject payment;

  @BeforeEach
  void setUp(Vertx vertx) {
    store = PaymentStore.fresh(vertx);
    JsonObject config = TestServers.get().config();
    payment = config.getJsonObject("payment").put("providerTimeoutMs", 2000);
    int port = SimulatedProvider.deploy(vertx, config);
    provider = new TossStyleProvider(vertx, "http://127.0.0.1:" + port, "test-key", 2000, 16);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  @DisplayName("two reconcilers at once settle lost answers as the provider says (charged: APPROVED, never seen: "
    + "FAILED after the grace, still fresh: left alone) and refund each refund once, one event each")
  void twoInstances(Vertx vertx) throws Exception {
    Map<UUID, String> expected = new HashMap<>();
    for (int i = 0; i < CHARGED; i++) {
      UUID id = unknownPayment("UNKNOWN", 3600);
      provider.confirm(id.toString(), orderOf(id), 1000).await();
      expected.put(id, "APPROVED");
    }
    for (int i = 0; i < NEVER_SEEN; i++) {
      expected.put(unknownPayment("PENDING", 3600), "FAILED");
    }
    for (int i = 0; i < FRESH; i++) {
      expected.put(unknownPayment("UNKNOWN", 0), "UNKNOWN");
    }
    for (int i = 0; i < REFUNDS; i++) {
      UUID id = unknownPayment("REFUND_PENDING", 3600);
      provider.confirm(id.toString(), orderOf(id), 1000).await();
      expected.put(id, "REFUNDED");
    }

    // A long backoff: a payment leased by one instance is not due again for the other while it is being settled.
    PaymentSettings settings = new PaymentSettings(2000, 1000, 100, 5000, 5000, 10_000, 3000);
    List<PaymentReconciler> instances = List.of(reconciler(vertx, settings), reconciler(vertx, settings));
    for (int pass = 0; pass < 3; pass++) {
      Future.all(instances.stream().map(PaymentReconciler::passOnce).toList()).await();
    }

    Map<UUID, String> statuses = new HashMap<>();
    store.pool.query("SELECT id, status FROM payments").execute().await()
      .forEach(row -> statuses.put(row.getUUID("id"), row.getString("status")));
    assertThat(statuses).isEqualTo(expected);
    JsonObject stats = HttpGets.json(vertx, payment.getJsonObject("simulator").getInteger("port"), "/sim/stats")
      .await();
    assertThat(stats.getInteger("cancels")).as("refunds that took effect").isEqualTo(REFUNDS);
    assertThat(stats.getJsonObject("cancelsPerKey").getMap().values()).as("cancel calls per payment")
      .hasSize(REFUNDS).allSatisfy(calls -> assertThat(calls).isEqualTo(1));
    assertThat(events(EventTypes.PAYMENT_APPROVED)).as("one PaymentApproved per charged payment").hasSize(CHARGED)
      .doesNotHaveDuplicates();
    assertThat(events(EventTypes.PAYMENT_REFUNDED)).as("one PaymentRefunded per refund").hasSize(REFUNDS)
      .doesNotHaveDuplicates();
    assertThat(events(EventTypes.PAYMENT_DECLINED)).isEmpty();
  }

  private PaymentReconciler reconciler(Vertx vertx, PaymentSettings settings) {
    PaymentRepository repository = new PaymentRepository(store.pool,
      new PipelinedPg(vertx, TestServers.get().config(), store.pool));
    return new PaymentReconciler(vertx, repository, provider,
      ProviderBreakers.create(vertx, ProviderBreakers.REFUNDS, payment), settings, new PaymentMeters(vertx));
  }

  /** A payment left in {@code status} (its order's id is derived from its own), last changed {@code quietForSeconds} ago. */
  private UUID unknownPayment(String status, int quietForSeconds) {
    UUID id = UUID.randomUUID();
    store.pool.preparedQuery("INSERT INTO payments (id, user_id, idempotency_key, request_hash, order_id, amount, "
        + "status, show_id, next_check_at, updated_at) VALUES ($1, 1, $2, 'h', $3::uuid, 1000, $4, 7, now(), "
        + "now() - make_interval(secs => $5))")
      .execute(Tuple.of(id, id.toString(), orderOf(id), status, quietForSeconds)).await();
    return id;
  }

  private static String orderOf(UUID paymentId) {
    return new UUID(paymentId.getLeastSignificantBits(), paymentId.getMostSignificantBits()).toString();
  }

  /** The payment ids named by the outbox's events of {@code type}. */
  private List<String> events(String type) {
    List<String> ids = new ArrayList<>();
    store.pool.preparedQuery("SELECT event->'payload'->>'paymentId' FROM outbox WHERE event->>'type' = $1")
      .execute(Tuple.of(type)).await().forEach(row -> ids.add(row.getString(0)));
    return ids;
  }
}
