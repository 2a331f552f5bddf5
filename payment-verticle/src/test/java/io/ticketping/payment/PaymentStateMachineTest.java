package io.ticketping.payment;

import io.ticketping.shared.events.DomainEvent;
import io.ticketping.shared.events.EventTypes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payment state machine as PostgreSQL enforces it ({@link PaymentRepository}'s conditional updates): every move
 * from every state happens exactly when {@link PaymentStates} allows it, a key claims one payment, and an order has at
 * most one payment that may hold money.
 */
@ExtendWith(VertxExtension.class)
class PaymentStateMachineTest {

  private PaymentStore store;

  /** A move of the repository towards {@code to}, applied to one payment; whether it took. */
  private record Move(String to, Function<UUID, Future<Boolean>> apply) {
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    store = PaymentStore.fresh(vertx);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  @DisplayName("each move from each state takes exactly when the state table allows it, and changes nothing else")
  void everyMoveFromEveryState() {
    PaymentRepository repo = store.repository;
    List<Move> moves = List.of(
      new Move(PaymentRecord.PENDING, id -> repo.retry(id, 60_000)),
      new Move(PaymentRecord.FAILED, repo::fail),
      new Move(PaymentRecord.UNKNOWN, id -> repo.unknown(id, 60_000)),
      new Move(PaymentRecord.APPROVED, id -> repo.settle(id, PaymentRecord.APPROVED, 200, new JsonObject(), null)),
      new Move(PaymentRecord.DECLINED, id -> repo.settle(id, PaymentRecord.DECLINED, 200, new JsonObject(), null)),
      new Move(PaymentRecord.REJECTED, id -> repo.settle(id, PaymentRecord.REJECTED, 409, new JsonObject(), null)),
      new Move(PaymentRecord.REFUND_PENDING, id -> store.pool.withConnection(conn ->
        PaymentRepository.refundPending(conn, id, "test"))),
      new Move(PaymentRecord.REFUNDED, id -> repo.refunded(id, null)));
    List<String> checked = new ArrayList<>();
    for (String from : PaymentStates.NEXT.keySet()) {
      for (Move move : moves) {
        UUID id = store.paymentIn(from, UUID.randomUUID());
        boolean allowed = PaymentStates.allowed(from, move.to());
        String what = from + " -> " + move.to();
        assertThat(move.apply().apply(id).await()).as(what).isEqualTo(allowed);
        assertThat(store.statusOf(id)).as(what).isEqualTo(allowed ? move.to() : from);
        checked.add(what);
      }
    }
    assertThat(checked).hasSize(64);
  }

  @Test
  @DisplayName("a key claims one payment per user: a second claim with it fails, another user's same key does not")
  void oneClaimPerKey() {
    PaymentRepository repo = store.repository;
    UUID first = UUID.randomUUID();
    assertThat(repo.claim(first, 1, "key-0001", "h1", UUID.randomUUID(), 1000, 7L, 60_000).await()).isTrue();
    assertThat(repo.claim(UUID.randomUUID(), 1, "key-0001", "h2", UUID.randomUUID(), 1000, 7L, 60_000).await())
      .as("same user, same key, another order").isFalse();
    assertThat(repo.claim(UUID.randomUUID(), 2, "key-0001", "h1", UUID.randomUUID(), 1000, 7L, 60_000).await())
      .as("another user's key").isTrue();
    PaymentRecord claimed = repo.byKey(1, "key-0001").await();
    assertThat(claimed.paymentId()).isEqualTo(first);
    assertThat(claimed.status()).isEqualTo(PaymentRecord.PENDING);
    assertThat(claimed.requestHash()).isEqualTo("h1");
  }

  @Test
  @DisplayName("an order has one live payment: a new key is refused while one is live, taken once none is")
  void oneLivePaymentPerOrder() {
    PaymentRepository repo = store.repository;
    for (String status : PaymentStates.NEXT.keySet()) {
      UUID order = UUID.randomUUID();
      UUID existing = store.paymentIn(status, order);
      boolean live = PaymentStates.LIVE.contains(status);
      assertThat(repo.claim(UUID.randomUUID(), 1, "k-" + status, "h", order, 1000, 7L, 60_000).await())
        .as("a new key while the order's payment is " + status).isEqualTo(!live);
      assertThat(repo.liveOf(order).await()).as("live payment beside a " + status + " one")
        .satisfies(found -> assertThat(found).isNotNull())
        .satisfies(found -> assertThat(found.paymentId().equals(existing)).isEqualTo(live));
    }
  }

  @Test
  @DisplayName("a FAILED payment may not come back to PENDING while another payment of its order is live")
  void retryYieldsToALivePayment() {
    UUID order = UUID.randomUUID();
    UUID failed = store.paymentIn(PaymentRecord.FAILED, order);
    store.paymentIn(PaymentRecord.APPROVED, order);
    Future<Boolean> retried = store.repository.retry(failed, 60_000);
    assertThat(retried.transform(done -> Future.succeededFuture(done.failed())).await())
      .as("the unique index refuses it").isTrue();
    assertThat(store.statusOf(failed)).isEqualTo(PaymentRecord.FAILED);
  }

  @Test
  @DisplayName("a settle or refund writes its event with it, once: settling again writes none")
  void eventsOnce() {
    UUID order = UUID.randomUUID();
    UUID id = store.paymentIn(PaymentRecord.UNKNOWN, order);
    DomainEvent approved = DomainEvent.of(EventTypes.PAYMENT_APPROVED, order.toString(), new JsonObject());
    assertThat(store.repository.settle(id, PaymentRecord.APPROVED, 200, new JsonObject(), approved).await()).isTrue();
    assertThat(store.repository.settle(id, PaymentRecord.APPROVED, 200, new JsonObject(), approved).await()).isFalse();
    assertThat(store.events(EventTypes.PAYMENT_APPROVED, order)).isEqualTo(1);

    store.pool.withConnection(conn -> PaymentRepository.refundPendingOfOrder(conn, order, "buyer")).await();
    DomainEvent refunded = DomainEvent.of(EventTypes.PAYMENT_REFUNDED, order.toString(), new JsonObject());
    assertThat(store.repository.refunded(id, refunded).await()).isTrue();
    assertThat(store.repository.refunded(id, refunded).await()).isFalse();
    assertThat(store.events(EventTypes.PAYMENT_REFUNDED, order)).isEqualTo(1);
    assertThat(store.repository.byId(id).await().refundReason()).isEqualTo("buyer");
  }
}
