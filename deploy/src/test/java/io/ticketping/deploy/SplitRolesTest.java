package io.ticketping.deploy;

import io.ticketping.shared.events.Topics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four roles as four real JVMs on loopback, joined by the Hazelcast-clustered event bus, against the real test
 * servers. The test JVM joins the cluster as a fifth member without verticles, for the fixture's event-bus helpers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SplitRolesTest {

  private static final List<String> ROLES = List.of("gateway", "queue", "booking", "payment");

  private RoleProcesses roles;
  private Vertx member;
  private SystemFixture sys;

  @BeforeAll
  void startRoles() throws Exception {
    JsonObject config = SystemFixture.testConfig();
    config.getJsonObject("services").put("requestTimeoutMs", 3000);
    List<String> members = new ArrayList<>(ROLES);
    members.add("test");
    roles = new RoleProcesses(config, members);
    for (String role : ROLES) {
      roles.start(role, role);
    }
    member = ClusterSetup.start(roles.clusterFor(config, "test")).await();
    Topics.createAll(member, config).await();
    for (String role : ROLES) {
      roles.awaitUp(role, 150);
    }
    sys = SystemFixture.attach(member, config);
  }

  @AfterAll
  void stopRoles() throws Exception {
    if (roles != null) {
      roles.close();
    }
    if (member != null) {
      member.close().await();
    }
  }

  @Test
  @Order(1)
  @DisplayName("through the gateway JVM: signup, enter, admitted, hold, pay, and the order ends PAID with its seat SOLD")
  void journey() {
    Purchase p = new Purchase(sys);
    sys.demoShow(1).compose(p::show).await();
    p.buyer(sys.user("ann@example.com").await()).await();
    p.holdFirstSeat().await();
    HttpResponse<?> paid = sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount).await();
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(200);
    assertThat(paid.bodyAsJsonObject().getString("status")).isEqualTo("APPROVED");
    JsonObject order = sys.eventually(p::order, o -> "PAID".equals(o.getString("status")), 30).await();
    assertThat(order.getString("status")).isEqualTo("PAID");
    assertThat(p.seatStatus().await()).isEqualTo("SOLD");
  }

  @Test
  @Order(2)
  @DisplayName("kill -9 of the booking JVM in a booking rush, then a restart: 503/504 problems meanwhile, no seat sold "
    + "twice, every paid order PAID with its seats SOLD")
  void bookingKilledInRush() throws Exception {
    long[] ids = sys.demoShow(1000).await();
    long scheduleId = ids[1];
    List<Purchase> buyers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Purchase p = new Purchase(sys);
      p.show(ids).await();
      p.buyer(sys.user("rush" + i + "@example.com").await()).await();
      buyers.add(p);
    }
    List<Long> pool = sys.client.get("/api/v1/schedules/" + scheduleId + "/seats").send().await()
      .bodyAsJsonObject().getJsonArray("seats").stream().map(JsonObject.class::cast)
      .filter(s -> "AVAILABLE".equals(s.getString("status"))).limit(20).map(s -> s.getLong("seatId")).toList();

    Rush rush = new Rush(scheduleId, pool);
    List<Future<Void>> runners = buyers.stream().map(rush::run).toList();
    Thread.sleep(2000);
    roles.kill("booking");
    rush.outage.set(true);
    Thread.sleep(4000);
    rush.outage.set(false);
    roles.start("booking", "booking");
    roles.awaitUp("booking", 150);
    Thread.sleep(3000);
    rush.running.set(false);
    Future.all(runners).await(60, TimeUnit.SECONDS);

    assertThat(rush.unexpected).as("answers other than 201/409/200/503/504, or no answer").isEmpty();
    assertThat(rush.outageStatuses).as("answers while booking was down").isNotEmpty()
      .allSatisfy(status -> assertThat(status).isIn(201, 409, 200, 503, 504));
    assertThat(rush.outageStatuses).as("some request met the outage").containsAnyOf(503, 504);
    assertThat(rush.approved).as("payments approved in the rush").isNotEmpty();

    // Every approved order ends PAID (booking consumes the approval once it is back); no seat in two paid orders.
    Map<String, JsonObject> finalOrders = new ConcurrentHashMap<>();
    for (Map.Entry<String, Purchase> entry : rush.held.entrySet()) {
      Purchase p = entry.getValue();
      p.orderId = entry.getKey();
      boolean approved = rush.approved.contains(entry.getKey());
      JsonObject order = sys.eventually(p::order, o -> !approved || "PAID".equals(o.getString("status")), 30).await();
      finalOrders.put(entry.getKey(), order);
      if (approved) {
        assertThat(order.getString("status")).as("approved order " + entry.getKey()).isEqualTo("PAID");
      }
    }
    List<Long> paidSeats = finalOrders.values().stream().filter(o -> "PAID".equals(o.getString("status")))
      .flatMap(o -> o.getJsonArray("seats").stream().map(JsonObject.class::cast).map(s -> s.getLong("seatId")))
      .toList();
    assertThat(paidSeats).as("seats of paid orders").doesNotHaveDuplicates();
    Map<Long, String> seatMap = sys.client.get("/api/v1/schedules/" + scheduleId + "/seats").send().await()
      .bodyAsJsonObject().getJsonArray("seats").stream().map(JsonObject.class::cast)
      .collect(Collectors.toMap(s -> s.getLong("seatId"), s -> s.getString("status")));
    assertThat(paidSeats).allSatisfy(seat -> assertThat(seatMap.get(seat)).as("seat " + seat).isEqualTo("SOLD"));
  }

  /** Buyers who each keep holding a random seat of a small pool and paying for what they got, until stopped. */
  private final class Rush {
    final long scheduleId;
    final List<Long> pool;
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicBoolean outage = new AtomicBoolean(false);
    final Map<String, Purchase> held = new ConcurrentHashMap<>();
    final Set<String> approved = ConcurrentHashMap.newKeySet();
    final List<Integer> outageStatuses = Collections.synchronizedList(new ArrayList<>());
    final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    Rush(long scheduleId, List<Long> pool) {
      this.scheduleId = scheduleId;
      this.pool = pool;
    }

    Future<Void> run(Purchase buyer) {
      if (!running.get()) {
        return Future.succeededFuture();
      }
      long seat = pool.get(ThreadLocalRandom.current().nextInt(pool.size()));
      boolean duringOutage = outage.get();
      return sys.hold(buyer.token, buyer.pass, scheduleId, seat).timeout(20, TimeUnit.SECONDS)
        .compose(answer -> {
          note(duringOutage, answer.statusCode(), "hold " + answer.statusCode() + " " + answer.bodyAsString());
          if (answer.statusCode() != 201) {
            return Future.succeededFuture(false);
          }
          String orderId = answer.bodyAsJsonObject().getString("orderId");
          held.put(orderId, copyOf(buyer));
          boolean payDuringOutage = outage.get();
          return sys.pay(buyer.token, buyer.pass, UUID.randomUUID().toString(), orderId,
              answer.bodyAsJsonObject().getLong("amount")).timeout(20, TimeUnit.SECONDS)
            .map(paid -> {
              note(payDuringOutage, paid.statusCode(), "pay " + paid.statusCode() + " " + paid.bodyAsString());
              if (paid.statusCode() == 200 && "APPROVED".equals(paid.bodyAsJsonObject().getString("status"))) {
                approved.add(orderId);
                return true;
              }
              return false;
            });
        })
        .map(bought -> bought == Boolean.TRUE)
        .recover(e -> {
          unexpected.add("no answer: " + e);
          return Future.succeededFuture(false);
        })
        // A buyer who paid is done: the payment revokes the queue pass.
        .compose(bought -> bought ? Future.succeededFuture() : pause(50).compose(v -> run(buyer)));
    }

    private void note(boolean duringOutage, int status, String detail) {
      if (duringOutage) {
        outageStatuses.add(status);
      }
      if (!Set.of(200, 201, 409, 503, 504).contains(status)) {
        unexpected.add(detail);
      }
    }

    private Purchase copyOf(Purchase buyer) {
      Purchase copy = new Purchase(sys);
      copy.showId = buyer.showId;
      copy.scheduleId = buyer.scheduleId;
      copy.token = buyer.token;
      copy.pass = buyer.pass;
      return copy;
    }

    private Future<Void> pause(long ms) {
      Promise<Void> later = Promise.promise();
      member.setTimer(ms, id -> later.complete());
      return later.future();
    }
  }

}
