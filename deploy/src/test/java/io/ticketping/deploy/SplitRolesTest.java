package io.ticketping.deploy;

import io.ticketping.payment.simulator.ProviderSimulator;
import io.ticketping.shared.events.Topics;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

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
    // The provider lives outside the payment JVM (as a real one does), so killing that JVM loses none of its charges.
    config.getJsonObject("payment").getJsonObject("simulator").put("enabled", false);
    List<String> members = new ArrayList<>(ROLES);
    members.addAll(List.of("gateway2", "queue2", "test"));
    roles = new RoleProcesses(config, members);
    for (String role : ROLES) {
      roles.start(role, role);
    }
    member = ClusterSetup.start(roles.clusterFor(config, "test")).await();
    member.deployVerticle(new ProviderSimulator(), new DeploymentOptions().setConfig(config)).await();
    Topics.createAll(member, config).await();
    for (String role : ROLES) {
      roles.awaitUpRestartingOnce(role, 90);
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
    roles.awaitUpRestartingOnce("booking", 90);
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

  @Test
  @Order(3)
  @DisplayName("two gateway JVMs and two queue JVMs at once: people are admitted strictly in the order they entered "
    + "(through either gateway), and never more than the capacity at a time")
  void twoGatewaysTwoQueues() throws Exception {
    int secondPort = TestServers.freePort();
    roles.start("gateway2", "gateway", Map.of("TICKETPING_HTTP_PORT", String.valueOf(secondPort)));
    roles.start("queue2", "queue");
    roles.awaitUpRestartingOnce("gateway2", 90);
    roles.awaitUpRestartingOnce("queue2", 90);
    WebClient second = WebClient.create(member, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(secondPort));
    List<WebClient> gateways = List.of(sys.client, second);
    String show = String.valueOf(900_000 + ThreadLocalRandom.current().nextInt(99_999));
    int capacity = 8;
    member.eventBus().request(QueueAddresses.CONFIGURE, new JsonObject().put("showId", show).put("capacity", 0)
      .put("passTtlSeconds", 1)).await();

    // People enter one after another, alternating gateways; nobody is admitted yet, so each place is a ticket.
    Map<Long, Long> userByTicket = new ConcurrentHashMap<>();
    for (int i = 0; i < 40; i++) {
      WebClient gateway = gateways.get(i % 2);
      JsonObject account = new JsonObject().put("email", "line" + i + "@example.com").put("password", "correct-horse");
      long userId = gateway.post("/api/v1/auth/signup").sendJsonObject(account.copy().put("nickname", "n")).await()
        .bodyAsJsonObject().getLong("userId");
      String token = gateway.post("/api/v1/auth/login").sendJsonObject(account).await()
        .bodyAsJsonObject().getString("accessToken");
      JsonObject entered = gateway.post("/api/v1/queue/" + show).bearerTokenAuthentication(token).send().await()
        .bodyAsJsonObject();
      assertThat(entered.getString("status")).as(entered.encode()).isEqualTo("WAITING");
      userByTicket.put(entered.getLong("position"), userId);
    }
    assertThat(userByTicket).as("one place each, 1 to 40").hasSize(40);

    List<Long> admitted = Collections.synchronizedList(new ArrayList<>());
    Promise<Void> heard = Promise.promise();
    MessageConsumer<JsonObject> ticks = member.eventBus().consumer(QueueAddresses.TICKED, m -> {
      if (show.equals(m.body().getString("showId"))) {
        heard.tryComplete();
        m.body().getJsonArray("admitted").forEach(id -> admitted.add(((Number) id).longValue()));
      }
    });
    ticks.completion().await();
    // The other JVMs learn of a new consumer a moment after it registers: a tick published before that would be
    // lost to this list. The line's ticks (none admitted at capacity 0) show that it is heard before the doors open.
    heard.future().timeout(10, TimeUnit.SECONDS).await();
    AtomicBoolean sampling = new AtomicBoolean(true);
    AtomicLong largest = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        String reply = TestServers.get().redisCommand("ZCARD " + QueueKeys.working(show));
        largest.accumulateAndGet(Long.parseLong(reply.substring(1)), Math::max);
      }
    }, "working-set-sampler");
    sampler.start();
    member.eventBus().request(QueueAddresses.CONFIGURE, new JsonObject().put("showId", show)
      .put("capacity", capacity)).await();
    Thread.sleep(3500);
    sampling.set(false);
    sampler.join();
    Thread.sleep(300);
    ticks.unregister().await();
    long admittedTotal = member.eventBus().<JsonObject>request(QueueAddresses.STATS, new JsonObject()
      .put("showId", show)).await().body().getLong("admittedTotal");

    assertThat(largest.get()).as("largest working set").isEqualTo(capacity);
    assertThat(admittedTotal).as("passes last 1 s: slots handed on").isGreaterThanOrEqualTo(2L * capacity);
    assertThat(admitted).doesNotHaveDuplicates().hasSize((int) admittedTotal);
    assertThat(admitted).as("strictly from the head of the line").containsExactlyInAnyOrderElementsOf(
      LongStream.rangeClosed(1, admittedTotal).mapToObj(userByTicket::get).toList());
  }

  @Test
  @Order(4)
  @DisplayName("kill -9 of the payment JVM after the provider charged and before the payment settled: after a "
    + "restart the order ends PAID with its seat SOLD, charged once")
  void paymentKilledMidCharge() throws Exception {
    Purchase p = new Purchase(sys);
    sys.demoShow(1000).compose(p::show).await();
    p.buyer(sys.user("kill-payment@example.com").await()).await();
    p.holdFirstSeat().await();
    // The provider charges at once and answers a minute later: the payment JVM dies with the charge made and the
    // answer still on its way.
    sys.simulatorConfig(new JsonObject().put("answerDelayMs", 60_000)).await();
    Future<HttpResponse<Buffer>> paying = sys.pay(p.token, p.pass, UUID.randomUUID().toString(), p.orderId, p.amount);
    sys.eventually(sys::simulatorStats,
      stats -> stats.getJsonObject("liveChargesPerOrder").getInteger(p.orderId, 0) == 1, 20).await();
    roles.kill("payment");
    sys.simulatorConfig(new JsonObject().put("answerDelayMs", 0)).await();
    HttpResponse<Buffer> lost = paying.await(30, TimeUnit.SECONDS);
    assertThat(lost.statusCode()).as("the gateway's answer: " + lost.bodyAsString()).isIn(503, 504);
    assertThat(sys.paymentStatuses(p.orderId).await()).as("left in flight by the dead JVM").containsExactly("PENDING");
    assertThat(sys.orderStatus(p.orderId).await()).isEqualTo("PENDING_PAYMENT");

    roles.start("payment", "payment");
    roles.awaitUpRestartingOnce("payment", 90);
    JsonObject order = sys.eventually(p::order, o -> "PAID".equals(o.getString("status")), 60).await();
    assertThat(order.getString("status")).isEqualTo("PAID");
    assertThat(sys.paymentStatuses(p.orderId).await()).containsExactly("APPROVED");
    assertThat(sys.seatStatus(p.seatId).await()).as("PostgreSQL seat").isEqualTo("SOLD");
    assertThat(sys.eventually(p::seatStatus, "SOLD"::equals, 20).await()).as("Redis seat map").isEqualTo("SOLD");
    JsonObject stats = sys.simulatorStats().await();
    assertThat(stats.getJsonObject("liveChargesPerOrder").getInteger(p.orderId)).as("live charges").isEqualTo(1);
    String paymentId = sys.db.preparedQuery("SELECT id::text FROM payments WHERE order_id = $1::uuid")
      .execute(io.vertx.sqlclient.Tuple.of(p.orderId)).await().iterator().next().getString(0);
    assertThat(stats.getJsonObject("confirmsPerKey").getInteger(paymentId)).as("confirms of the order's one payment")
      .isEqualTo(1);
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
      return member.timer(ms);
    }
  }

}
