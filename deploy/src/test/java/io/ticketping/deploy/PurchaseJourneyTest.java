package io.ticketping.deploy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Signup to a paid order through the assembled system, with real Redis, PostgreSQL, Kafka and the simulator. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class PurchaseJourneyTest {

  private SystemFixture sys;

  @BeforeEach
  void start(Vertx vertx) {
    sys = SystemFixture.start(vertx);
  }

  @Test
  @DisplayName("signup, enter, admitted, hold, pay: the order ends PAID, the seat SOLD, and the slot goes to the next waiter")
  void journey(VertxTestContext ctx) {
    Purchase p = new Purchase(sys);
    sys.demoShow(1)
      .compose(ids -> p.show(ids))
      .compose(v -> sys.user("ann@example.com")).compose(token -> p.buyer(token))
      .compose(v -> sys.user("bob@example.com")).compose(token -> {
        p.next = token;
        return sys.enter(p.showId, token);
      })
      .compose(bob -> {
        ctx.verify(() -> assertThat(bob.getString("status")).isEqualTo("WAITING"));
        return p.holdFirstSeat();
      })
      .compose(order -> sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount))
      .compose(paid -> {
        ctx.verify(() -> {
          assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(200);
          assertThat(paid.bodyAsJsonObject().getString("status")).isEqualTo("APPROVED");
        });
        return sys.eventually(() -> p.order(), order -> "PAID".equals(order.getString("status")), 20);
      })
      .compose(order -> {
        ctx.verify(() -> assertThat(order.getString("status")).isEqualTo("PAID"));
        return sys.eventually(() -> sys.client.get("/api/v1/queue/" + p.showId).bearerTokenAuthentication(p.next)
          .send().map(HttpResponse::bodyAsJsonObject), bob -> "ADMITTED".equals(bob.getString("status")), 20);
      })
      .compose(bob -> {
        ctx.verify(() -> assertThat(bob.getString("status")).as("the next waiter got the slot").isEqualTo("ADMITTED"));
        return sys.client.get("/api/v1/queue/" + p.showId + "/pass").bearerTokenAuthentication(p.token)
          .putHeader("X-Queue-Pass", p.pass).send();
      })
      .compose(revoked -> {
        ctx.verify(() -> assertThat(revoked.statusCode()).as("the buyer's pass is revoked").isEqualTo(401));
        return p.seatStatus();
      })
      .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
        assertThat(status).isEqualTo("SOLD");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("20 concurrent payments with one key charge once and all get the same answer")
  void idempotentUnderConcurrency(VertxTestContext ctx) {
    Purchase p = new Purchase(sys);
    String key = UUID.randomUUID().toString();
    sys.demoShow(5).compose(ids -> p.show(ids))
      .compose(v -> sys.user("cat@example.com")).compose(token -> p.buyer(token))
      .compose(v -> p.holdFirstSeat())
      .compose(order -> {
        List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          attempts.add(sys.pay(p.token, p.pass, key, p.orderId, p.amount));
        }
        return Future.all(attempts).map(all -> all.<HttpResponse<Buffer>>list());
      })
      .compose(answers -> sys.simulatorStats().map(stats -> {
        ctx.verify(() -> {
          assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
          assertThat(answers.stream().map(HttpResponse::bodyAsString).distinct()).hasSize(1);
          String paymentId = answers.get(0).bodyAsJsonObject().getString("paymentId");
          assertThat(stats.getInteger("charges")).isEqualTo(1);
          assertThat(stats.getJsonObject("confirmsPerKey").getInteger(paymentId)).isEqualTo(1);
        });
        return null;
      }))
      .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

  @Test
  @DisplayName("bad payments get 4xx problems: wrong amount, another's order, missing key, a key reused for another body")
  void badPayments(VertxTestContext ctx) {
    Purchase p = new Purchase(sys);
    Purchase other = new Purchase(sys);
    String key = UUID.randomUUID().toString();
    sys.demoShow(5).compose(ids -> p.show(ids).compose(v -> other.show(ids)))
      .compose(v -> sys.user("dan@example.com")).compose(token -> p.buyer(token))
      .compose(v -> sys.user("eve@example.com")).compose(token -> other.buyer(token))
      .compose(v -> p.holdFirstSeat())
      .compose(order -> sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount + 1))
      .compose(wrongAmount -> sys.pay(other.token, other.pass, UUID.randomUUID().toString(), p.orderId, p.amount)
        .map(notMine -> new HttpResponse<?>[] {wrongAmount, notMine}))
      .compose(r -> sys.client.post("/api/v1/payments").bearerTokenAuthentication(p.token)
        .putHeader("X-Queue-Pass", p.pass)
        .sendJsonObject(new JsonObject().put("orderId", p.orderId).put("amount", p.amount))
        .map(noKey -> new HttpResponse<?>[] {r[0], r[1], noKey}))
      .compose(r -> sys.pay(p.token, p.pass, key, p.orderId, p.amount)
        .compose(first -> sys.pay(p.token, p.pass, key, p.orderId, p.amount + 100))
        .map(reused -> new HttpResponse<?>[] {r[0], r[1], r[2], reused}))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertThat(r[0].statusCode()).as("wrong amount").isEqualTo(422);
        assertThat(r[1].statusCode()).as("someone else's order").isEqualTo(404);
        assertThat(r[2].statusCode()).as("no Idempotency-Key").isEqualTo(400);
        assertThat(r[2].bodyAsJsonObject().getString("field")).isEqualTo("Idempotency-Key");
        assertThat(r[3].statusCode()).as("key reused for another request").isEqualTo(422);
        for (HttpResponse<?> response : r) {
          assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        }
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a declined payment leaves the order payable, and a new attempt can pay it")
  void declineThenPay(VertxTestContext ctx) {
    Purchase p = new Purchase(sys);
    sys.demoShow(5).compose(ids -> p.show(ids))
      .compose(v -> sys.user("fay@example.com")).compose(token -> p.buyer(token))
      .compose(v -> p.holdFirstSeat())
      .compose(v -> sys.simulatorConfig(new JsonObject().put("declineRate", 1.0)))
      .compose(v -> sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount))
      .compose(declined -> {
        ctx.verify(() -> assertThat(declined.bodyAsJsonObject().getString("status")).isEqualTo("DECLINED"));
        return p.order();
      })
      .compose(order -> {
        ctx.verify(() -> assertThat(order.getString("status")).isEqualTo("PENDING_PAYMENT"));
        return sys.simulatorConfig(new JsonObject().put("declineRate", 0.0));
      })
      .compose(v -> sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount))
      .compose(approved -> {
        ctx.verify(() -> assertThat(approved.bodyAsJsonObject().getString("status")).isEqualTo("APPROVED"));
        return sys.eventually(() -> p.order(), order -> "PAID".equals(order.getString("status")), 20);
      })
      .onComplete(ctx.succeeding(order -> ctx.verify(() -> {
        assertThat(order.getString("status")).isEqualTo("PAID");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("during a provider outage the breaker opens and answers 503 fast, then closes when the provider is back")
  void outage(VertxTestContext ctx) {
    Purchase p = new Purchase(sys);
    sys.demoShow(5).compose(ids -> p.show(ids))
      .compose(v -> sys.user("gus@example.com")).compose(token -> p.buyer(token))
      .compose(v -> p.holdFirstSeat())
      .compose(v -> sys.simulatorConfig(new JsonObject().put("outage", true)))
      .compose(v -> failures(p, 3))
      .compose(v -> {
        long start = System.nanoTime();
        return sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount)
          .map(open -> new Object[] {open, (System.nanoTime() - start) / 1_000_000});
      })
      .compose(r -> {
        HttpResponse<?> open = (HttpResponse<?>) r[0];
        ctx.verify(() -> {
          assertThat(open.statusCode()).isEqualTo(503);
          assertThat(open.getHeader("Retry-After")).isNotNull();
          assertThat((Long) r[1]).as("ms for an answer from an open breaker").isLessThan(500);
        });
        return sys.simulatorConfig(new JsonObject().put("outage", false));
      })
      .compose(v -> sys.eventually(() -> sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount),
        r -> r.statusCode() == 200, 10))
      .onComplete(ctx.succeeding(back -> ctx.verify(() -> {
        assertThat(back.statusCode()).as(back.bodyAsString()).isEqualTo(200);
        assertThat(back.bodyAsJsonObject().getString("status")).isEqualTo("APPROVED");
        ctx.completeNow();
      })));
  }

  private Future<Void> failures(Purchase p, int count) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      chain = chain.compose(v -> sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount)
        .map(r -> {
          if (r.statusCode() != 503) {
            throw new AssertionError("expected 503 during the outage, got " + r.statusCode() + " " + r.bodyAsString());
          }
          return null;
        }));
    }
    return chain;
  }
}
