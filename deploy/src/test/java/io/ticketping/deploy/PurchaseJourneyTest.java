package io.ticketping.deploy;

import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
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

  @Test
  @DisplayName("signup, enter, admitted, hold, pay: the order ends PAID, the seat SOLD, and the slot goes to the next waiter")
  void journey(Vertx vertx, VertxTestContext ctx) {
    sys = SystemFixture.start(vertx);
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
        return Future.all(p.seatStatus(), sys.seatStatus(p.seatId), sys.orderStatus(p.orderId));
      })
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(all.<String>resultAt(0)).as("Redis seat map").isEqualTo("SOLD");
        assertThat(all.<String>resultAt(1)).as("PostgreSQL seat").isEqualTo("SOLD");
        assertThat(all.<String>resultAt(2)).as("PostgreSQL order").isEqualTo("PAID");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("20 concurrent payments with one key charge once and all get the same answer")
  void idempotentUnderConcurrency(Vertx vertx, VertxTestContext ctx) {
    sys = SystemFixture.start(vertx);
    // 20 connections, so that the 20 requests really are in flight together (the default pool has 5), and a provider
    // slow enough (500 ms) that all of them arrive while the first claim still waits for its answer.
    WebClient wide = sys.client(25);
    Purchase p = new Purchase(sys);
    String key = UUID.randomUUID().toString();
    sys.demoShow(5).compose(ids -> p.show(ids))
      .compose(v -> sys.user("cat@example.com")).compose(token -> p.buyer(token))
      .compose(v -> p.holdFirstSeat())
      .compose(v -> sys.simulatorConfig(new JsonObject().put("latencyMs", 500)))
      .compose(order -> {
        List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          attempts.add(SystemFixture.pay(wide, p.token, p.pass, key, p.orderId, p.amount));
        }
        return Future.all(attempts).map(all -> all.<HttpResponse<Buffer>>list());
      })
      .compose(answers -> sys.simulatorStats().map(stats -> {
        ctx.verify(() -> {
          assertThat(answers).hasSize(20);
          assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).as(a.bodyAsString()).isEqualTo(200));
          assertThat(answers.stream().map(HttpResponse::bodyAsString).distinct()).hasSize(1);
          String paymentId = answers.get(0).bodyAsJsonObject().getString("paymentId");
          assertThat(stats.getInteger("charges")).isEqualTo(1);
          assertThat(stats.getJsonObject("confirmsPerKey").getMap()).as("confirm calls per payment key")
            .containsExactly(java.util.Map.entry(paymentId, 1));
        });
        return null;
      }))
      .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

  @Test
  @DisplayName("bad payments get 4xx problems: wrong amount, another's order, missing key, a key reused for another body")
  void badPayments(Vertx vertx, VertxTestContext ctx) {
    sys = SystemFixture.start(vertx);
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
        .compose(first -> {
          ctx.verify(() -> assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200));
          String paymentId = first.bodyAsJsonObject().getString("paymentId");
          return sys.pay(p.token, p.pass, key, p.orderId, p.amount + 100)
            .compose(reused -> sys.client.get("/api/v1/payments/" + paymentId).bearerTokenAuthentication(other.token)
              .send().compose(othersGet -> sys.client.get("/api/v1/payments/" + paymentId)
                .bearerTokenAuthentication(p.token).send()
                .map(ownGet -> new HttpResponse<?>[] {r[0], r[1], r[2], reused, othersGet, ownGet})));
        }))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertThat(r[0].statusCode()).as("wrong amount").isEqualTo(422);
        assertThat(r[1].statusCode()).as("someone else's order").isEqualTo(404);
        assertThat(r[2].statusCode()).as("no Idempotency-Key").isEqualTo(400);
        assertThat(r[2].bodyAsJsonObject().getString("field")).isEqualTo("Idempotency-Key");
        assertThat(r[3].statusCode()).as("key reused for another request").isEqualTo(422);
        assertThat(r[4].statusCode()).as("another user's payment").isEqualTo(404);
        assertThat(r[5].statusCode()).as("the buyer's own payment").isEqualTo(200);
        assertThat(r[5].bodyAsJsonObject().getString("status")).isEqualTo("APPROVED");
        for (HttpResponse<?> response : List.of(r[0], r[1], r[2], r[3], r[4])) {
          assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        }
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a live pass of another show cannot pay the order: 403, the provider never called; the same key with "
    + "the show's own pass then pays")
  void passOfAnotherShow(Vertx vertx, VertxTestContext ctx) {
    sys = SystemFixture.start(vertx);
    Purchase p = new Purchase(sys);
    long[] otherShow = new long[1];
    String key = UUID.randomUUID().toString();
    sys.demoShow(5).compose(ids -> p.show(ids))
      .compose(v -> sys.user("gil@example.com")).compose(token -> p.buyer(token))
      .compose(v -> p.holdFirstSeat())
      // A second waiting room (the queue does not need the show to exist in booking), and the buyer admitted to it.
      .compose(v -> {
        otherShow[0] = p.showId + 1000;
        return vertx.eventBus().request(QueueAddresses.CONFIGURE, new JsonObject()
          .put("showId", String.valueOf(otherShow[0])).put("capacity", 5));
      })
      .compose(v -> sys.enter(otherShow[0], p.token))
      .compose(entered -> sys.pay(p.token, entered.getString("pass"), key, p.orderId, p.amount))
      .compose(foreign -> sys.simulatorStats().compose(stats -> {
        ctx.verify(() -> {
          assertThat(foreign.statusCode()).as(foreign.bodyAsString()).isEqualTo(403);
          assertThat(foreign.getHeader("Content-Type")).isEqualTo("application/problem+json");
          assertThat(foreign.bodyAsJsonObject().getString("detail")).contains("another show");
          assertThat(stats.getInteger("requests")).as("calls that reached the provider").isZero();
        });
        // The wrong pass did not use the key up: the same request with the right pass is a first attempt.
        return sys.pay(p.token, p.pass, key, p.orderId, p.amount);
      }))
      .onComplete(ctx.succeeding(own -> ctx.verify(() -> {
        assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(200);
        assertThat(own.bodyAsJsonObject().getString("status")).isEqualTo("APPROVED");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a declined payment leaves the order payable, and a new attempt can pay it")
  void declineThenPay(Vertx vertx, VertxTestContext ctx) {
    sys = SystemFixture.start(vertx);
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
  @DisplayName("during a provider outage: unanswered payments are pending (202), the breaker opens and answers 503 "
    + "fast without calling the provider; once it is back the pending ones end FAILED (never charged) and a new "
    + "attempt pays")
  void outage(Vertx vertx) {
    // Open for 5 s: long enough for the open-phase call below even on a busy machine; Retry-After then says 5.
    sys = SystemFixture.start(vertx, config -> config.getJsonObject("payment").put("breakerResetMs", 5000));
    long[] ids = sys.demoShow(5).await();
    Purchase first = new Purchase(sys);
    first.show(ids).await();
    first.buyer(sys.user("gus@example.com").await()).await();
    List<Purchase> orders = new ArrayList<>(List.of(first));
    while (orders.size() < 4) {
      orders.add(first.another());
    }
    for (Purchase order : orders) {
      order.holdFirstSeat().await();
    }
    sys.simulatorConfig(new JsonObject().put("outage", true)).await();

    // breakerMaxFailures (3) calls reach the provider and get a 5xx: charged or not is unknown, so each is pending.
    List<String> pending = new ArrayList<>();
    for (Purchase order : orders.subList(0, 3)) {
      HttpResponse<Buffer> r = sys.pay(order.token, order.pass, UUID.randomUUID().toString(), order.orderId,
        order.amount).await();
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
      assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("PENDING");
      pending.add(r.bodyAsJsonObject().getString("paymentId"));
    }
    long openedAt = System.nanoTime();
    int reached = sys.simulatorStats().await().getInteger("requests");
    assertThat(reached).as("calls that reached the provider").isEqualTo(3);

    Purchase fourth = orders.get(3);
    HttpResponse<Buffer> open = sys.pay(fourth.token, fourth.pass, UUID.randomUUID().toString(), fourth.orderId,
      fourth.amount).await();
    long openMillis = (System.nanoTime() - openedAt) / 1_000_000;
    assertThat(openMillis).as("the call was made while the breaker must be open").isLessThan(5000);
    assertThat(open.statusCode()).as(open.bodyAsString()).isEqualTo(503);
    assertThat(open.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(open.bodyAsJsonObject().getString("detail")).contains("nothing was charged");
    assertThat(open.getHeader("Retry-After")).as("an open breaker: retry after its reset time").isEqualTo("5");
    assertThat(sys.simulatorStats().await().getInteger("requests")).as("no call reached the provider while open")
      .isEqualTo(reached);

    // The provider is back: it never charged the pending payments, so the reconciler ends them FAILED.
    sys.simulatorConfig(new JsonObject().put("outage", false)).await();
    for (String paymentId : pending) {
      JsonObject payment = sys.eventually(() -> sys.client.get("/api/v1/payments/" + paymentId)
        .bearerTokenAuthentication(first.token).send().map(HttpResponse::bodyAsJsonObject),
        body -> "FAILED".equals(body.getString("status")), 30).await();
      assertThat(payment.getString("status")).as("payment " + paymentId).isEqualTo("FAILED");
    }
    HttpResponse<Buffer> back = sys.eventually(() -> sys.pay(first.token, first.pass, UUID.randomUUID().toString(),
      first.orderId, first.amount), r -> r.statusCode() == 200, 20).await();
    assertThat(back.statusCode()).as(back.bodyAsString()).isEqualTo(200);
    assertThat(back.bodyAsJsonObject().getString("status")).isEqualTo("APPROVED");
    JsonObject stats = sys.simulatorStats().await();
    assertThat(stats.getInteger("requests")).as("the closed breaker calls the provider again").isGreaterThan(reached);
    assertThat(stats.getInteger("charges")).isEqualTo(1);
    assertThat(sys.eventually(first::order, o -> "PAID".equals(o.getString("status")), 20).await()
      .getString("status")).isEqualTo("PAID");
  }

  @Test
  @DisplayName("after the order is PAID (pass revoked), the same key and body replay the first answer; another body "
    + "422; a new key with the revoked pass or with a new one gets 409, and a tampered pass 401")
  void replayAfterPaid(Vertx vertx, VertxTestContext ctx) {
    sys = SystemFixture.start(vertx);
    Purchase p = new Purchase(sys);
    String key = UUID.randomUUID().toString();
    String[] first = new String[1];
    sys.demoShow(5).compose(ids -> p.show(ids))
      .compose(v -> sys.user("hal@example.com")).compose(token -> p.buyer(token))
      .compose(v -> p.holdFirstSeat())
      .compose(v -> sys.pay(p.token, p.pass, key, p.orderId, p.amount))
      .compose(paid -> {
        ctx.verify(() -> {
          assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(200);
          assertThat(paid.bodyAsJsonObject().getString("status")).isEqualTo("APPROVED");
        });
        first[0] = paid.bodyAsString();
        return sys.eventually(() -> p.order(), order -> "PAID".equals(order.getString("status")), 20);
      })
      .compose(order -> {
        ctx.verify(() -> assertThat(order.getString("status")).isEqualTo("PAID"));
        return sys.eventually(() -> sys.client.get("/api/v1/queue/" + p.showId + "/pass")
          .bearerTokenAuthentication(p.token).putHeader("X-Queue-Pass", p.pass).send(), r -> r.statusCode() == 401, 20);
      })
      .compose(revoked -> {
        ctx.verify(() -> assertThat(revoked.statusCode()).as("OrderPaid revoked the pass").isEqualTo(401));
        return sys.pay(p.token, p.pass, key, p.orderId, p.amount);
      })
      .compose(replayed -> {
        ctx.verify(() -> {
          assertThat(replayed.statusCode()).as(replayed.bodyAsString()).isEqualTo(200);
          assertThat(replayed.bodyAsString()).as("the first answer").isEqualTo(first[0]);
        });
        return sys.pay(p.token, p.pass, key, p.orderId, p.amount + 100);
      })
      .compose(otherBody -> {
        ctx.verify(() -> {
          assertThat(otherBody.statusCode()).as(otherBody.bodyAsString()).isEqualTo(422);
          assertThat(otherBody.getHeader("Content-Type")).isEqualTo("application/problem+json");
          assertThat(otherBody.bodyAsJsonObject().getString("type")).endsWith("idempotency-key-reused");
        });
        return sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount);
      })
      .compose(newKey -> {
        // The revoked pass is still the buyer's own for this show: the order decides, and it is paid already.
        ctx.verify(() -> assertThat(newKey.statusCode()).as(newKey.bodyAsString()).isEqualTo(409));
        return sys.pay(p.token, p.pass.substring(0, p.pass.length() - 4) + "AAAA", UUID.randomUUID().toString(),
          p.orderId, p.amount);
      })
      .compose(tampered -> {
        ctx.verify(() -> assertThat(tampered.statusCode()).as("a new key with a tampered pass").isEqualTo(401));
        return sys.simulatorStats();
      })
      .compose(stats -> {
        ctx.verify(() -> {
          String paymentId = new JsonObject(first[0]).getString("paymentId");
          assertThat(stats.getInteger("charges")).as("no second charge").isEqualTo(1);
          assertThat(stats.getJsonObject("confirmsPerKey").getMap()).containsExactly(java.util.Map.entry(paymentId, 1));
        });
        // With a live pass again (the paid order freed the slot; entering takes a new one), paying the PAID order is 409.
        return sys.eventually(() -> sys.client.get("/api/v1/queue/" + p.showId).bearerTokenAuthentication(p.token)
          .send(), r -> r.statusCode() == 404, 20).compose(v -> sys.enter(p.showId, p.token));
      })
      .compose(again -> {
        ctx.verify(() -> assertThat(again.getString("pass")).as(again.encode()).isNotNull());
        return sys.pay(p.token, again.getString("pass"), UUID.randomUUID().toString(), p.orderId, p.amount);
      })
      .compose(paidOrder -> sys.simulatorStats().map(stats -> {
        ctx.verify(() -> {
          assertThat(paidOrder.statusCode()).as(paidOrder.bodyAsString()).isEqualTo(409);
          assertThat(paidOrder.getHeader("Content-Type")).isEqualTo("application/problem+json");
          assertThat(stats.getInteger("charges")).isEqualTo(1);
        });
        return null;
      }))
      .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

  @Test
  @DisplayName("paying an order whose hold expired is 409 and never reaches the provider")
  void payExpired(Vertx vertx, VertxTestContext ctx) {
    sys = SystemFixture.start(vertx, config ->
      config.getJsonObject("booking").put("holdSeconds", 2).put("sweepMillis", 200));
    Purchase p = new Purchase(sys);
    sys.demoShow(5).compose(ids -> p.show(ids))
      .compose(v -> sys.user("ida@example.com")).compose(token -> p.buyer(token))
      .compose(v -> p.holdFirstSeat())
      .compose(v -> sys.eventually(() -> p.order(), order -> "EXPIRED".equals(order.getString("status")), 20))
      .compose(order -> {
        ctx.verify(() -> assertThat(order.getString("status")).isEqualTo("EXPIRED"));
        return sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount);
      })
      .compose(expired -> Future.all(sys.simulatorStats(), sys.seatStatus(p.seatId), p.seatStatus())
        .map(all -> {
          ctx.verify(() -> {
            assertThat(expired.statusCode()).as(expired.bodyAsString()).isEqualTo(409);
            assertThat(expired.getHeader("Content-Type")).isEqualTo("application/problem+json");
            assertThat(all.<JsonObject>resultAt(0).getInteger("requests")).as("calls to the provider").isZero();
            assertThat(all.<String>resultAt(1)).as("PostgreSQL seat").isEqualTo("AVAILABLE");
            assertThat(all.<String>resultAt(2)).as("Redis seat map").isEqualTo("AVAILABLE");
          });
          return null;
        }))
      .onComplete(ctx.succeeding(v -> ctx.completeNow()));
  }

}
