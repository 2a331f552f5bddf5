package io.ticketping.perf;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Does the money agree with the sale? Compares PostgreSQL with the provider simulator's live charges
 * ({@code GET /sim/stats}): a PAID order holds exactly one live charge and any other order none, every SOLD seat
 * belongs to one PAID order, and nobody is charged for an order PostgreSQL does not know. Runnable after any test or
 * load run ({@link #main}), and at the end of the simulations that pay, scoped to their shows. {@link #judge} is pure,
 * so that its own test can feed it each breach.
 */
public final class MoneyCheck {

  /** An order as PostgreSQL has it. */
  public record Order(String orderId, String status) {
  }

  /**
   * A SOLD seat: the order its row names ({@code seats.order_id}), that order's status (null when PostgreSQL has no
   * such order), and how many PAID orders list the seat ({@code order_seats}).
   */
  public record SoldSeat(long seatId, String orderId, String orderStatus, int paidClaims) {
  }

  /** Everything one check reads: orders and sold seats in scope, the provider's live charges by order id. */
  public record Snapshot(List<Order> orders, List<SoldSeat> soldSeats, Map<String, Integer> liveCharges,
                         Set<String> knownOutOfScope) {
  }

  /** One thing wrong, about one order. */
  public record Breach(String orderId, String status, int liveCharges, String problem) {
    @Override
    public String toString() {
      return "order " + orderId + " (" + (status == null ? "unknown to PostgreSQL" : status) + ", " + liveCharges
        + " live charges): " + problem;
    }
  }

  public record Verdict(List<Breach> breaches, int orders, int soldSeats, int liveCharges) {
    public boolean passed() {
      return breaches.isEmpty();
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private MoneyCheck() {
  }

  /**
   * The breaches in {@code snapshot}. A charge for an order outside {@code orders} is judged only when that order is
   * not in {@code knownOutOfScope} either (another show's order is another check's business).
   */
  public static Verdict judge(Snapshot snapshot) {
    List<Breach> breaches = new ArrayList<>();
    Map<String, Integer> charges = snapshot.liveCharges();
    Set<String> inScope = new HashSet<>();
    for (Order order : snapshot.orders()) {
      inScope.add(order.orderId());
      int live = charges.getOrDefault(order.orderId(), 0);
      int expected = "PAID".equals(order.status()) ? 1 : 0;
      if (live != expected) {
        breaches.add(new Breach(order.orderId(), order.status(), live, live > expected
          ? (expected == 0 ? "charged, yet not PAID" : "charged more than once")
          : "PAID, yet not charged"));
      }
    }
    for (SoldSeat seat : snapshot.soldSeats()) {
      String problem = seat.orderId() == null ? "names no order"
        : seat.orderStatus() == null ? "belongs to an order PostgreSQL does not know"
        : !"PAID".equals(seat.orderStatus()) ? "belongs to an order that is not PAID"
        : seat.paidClaims() > 1 ? "is listed by " + seat.paidClaims() + " PAID orders"
        : null;
      if (problem != null) {
        breaches.add(new Breach(seat.orderId(), seat.orderStatus(), charges.getOrDefault(seat.orderId(), 0),
          "SOLD seat " + seat.seatId() + " " + problem));
      }
    }
    charges.forEach((orderId, live) -> {
      if (live > 0 && !inScope.contains(orderId) && !snapshot.knownOutOfScope().contains(orderId)) {
        breaches.add(new Breach(orderId, null, live, "charged for an order PostgreSQL does not know"));
      }
    });
    int live = snapshot.orders().stream().mapToInt(order -> charges.getOrDefault(order.orderId(), 0)).sum();
    return new Verdict(breaches, snapshot.orders().size(), snapshot.soldSeats().size(), live);
  }

  /** Reads PostgreSQL and the simulator (blocking; not for an event loop); {@code showIds} empty means every show. */
  public static Snapshot read(Pool pool, String simulatorUrl, List<Long> showIds) {
    boolean scoped = !showIds.isEmpty();
    Tuple shows = scoped ? Tuple.of(showIds.toArray(new Long[0])) : Tuple.tuple();
    List<Order> orders = new ArrayList<>();
    pool.preparedQuery("SELECT id::text, status FROM orders" + (scoped ? " WHERE show_id = ANY($1)" : ""))
      .execute(shows).await()
      .forEach(row -> orders.add(new Order(row.getString(0), row.getString(1))));
    List<SoldSeat> sold = new ArrayList<>();
    pool.preparedQuery("SELECT s.id, s.order_id::text, o.status, coalesce(c.paid, 0) FROM seats s "
        + "LEFT JOIN orders o ON o.id = s.order_id "
        + "LEFT JOIN (SELECT os.seat_id, count(*)::int AS paid FROM order_seats os "
        + "JOIN orders p ON p.id = os.order_id WHERE p.status = 'PAID' GROUP BY os.seat_id) c ON c.seat_id = s.id "
        + (scoped ? "JOIN schedules sc ON sc.id = s.schedule_id WHERE sc.show_id = ANY($1) AND " : "WHERE ")
        + "s.status = 'SOLD'")
      .execute(shows).await()
      .forEach((Row row) -> sold.add(new SoldSeat(row.getLong(0), row.getString(1), row.getString(2),
        row.getInteger(3))));
    Map<String, Integer> charges = liveCharges(simulatorUrl);
    return new Snapshot(orders, sold, charges, knownElsewhere(pool, charges.keySet(), orders));
  }

  /**
   * Payments in flight reach PostgreSQL (and refunds the provider) a moment later, so this re-checks every half
   * second until the money agrees or {@code settleMillis} pass; the last verdict.
   */
  public static Verdict awaitConsistent(Pool pool, String simulatorUrl, List<Long> showIds, long settleMillis) {
    long deadline = System.currentTimeMillis() + settleMillis;
    Verdict verdict = judge(read(pool, simulatorUrl, showIds));
    while (!verdict.passed() && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return verdict;
      }
      verdict = judge(read(pool, simulatorUrl, showIds));
    }
    return verdict;
  }

  /** For the simulations: checks {@code showIds} and throws, listing every breach, unless the money agrees. */
  public static void require(Pool pool, String what, List<Long> showIds) {
    Verdict verdict = awaitConsistent(pool, simulatorUrl(), showIds, settleMillis());
    if (!verdict.passed()) {
      throw new IllegalStateException(what + " money check FAILED for shows " + showIds + ": "
        + verdict.breaches().size() + " breaches\n  " + String.join("\n  ",
        verdict.breaches().stream().map(Breach::toString).toList()));
    }
    System.out.println(what + " money check passed: " + summary(verdict) + " (shows " + showIds + ")");
  }

  /** {@code -DshowIds=1,2} (default: every show), {@code -DsimulatorUrl}, {@code -DsettleSeconds}, {@code -Dpg.*}. */
  public static void main(String[] args) {
    List<Long> showIds = Arrays.stream(PerfProps.string("showIds", "").split(","))
      .map(String::trim).filter(id -> !id.isEmpty()).map(Long::valueOf).toList();
    Vertx vertx = Vertx.vertx();
    Pool pool = PerfDatabase.pool(vertx);
    Verdict verdict;
    try {
      verdict = awaitConsistent(pool, simulatorUrl(), showIds, settleMillis());
    } finally {
      pool.close().await();
      vertx.close().await();
    }
    String scope = showIds.isEmpty() ? "every show" : "shows " + showIds;
    if (verdict.passed()) {
      System.out.println("Money check passed for " + scope + ": " + summary(verdict));
      return;
    }
    System.out.println("Money check FAILED for " + scope + ": " + verdict.breaches().size() + " breaches");
    verdict.breaches().forEach(breach -> System.out.println("  " + breach));
    System.exit(1);
  }

  /** The run command's simulator ({@code payment.simulator.port}). */
  public static String simulatorUrl() {
    return PerfProps.string("simulatorUrl", "http://localhost:8090");
  }

  private static long settleMillis() {
    return PerfProps.integer("settleSeconds", 30) * 1000L;
  }

  private static String summary(Verdict verdict) {
    return verdict.orders() + " orders, " + verdict.soldSeats() + " SOLD seats, " + verdict.liveCharges()
      + " live charges agree";
  }

  /** The simulator's {@code liveChargesPerOrder}. */
  private static Map<String, Integer> liveCharges(String simulatorUrl) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(simulatorUrl + "/sim/stats"))
      .timeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + request.uri() + " answered " + response.statusCode());
      }
      JsonObject perOrder = new JsonObject(response.body()).getJsonObject("liveChargesPerOrder");
      if (perOrder == null) {
        throw new IllegalStateException(request.uri() + " has no liveChargesPerOrder: an older simulator?");
      }
      Map<String, Integer> charges = new HashMap<>();
      // Keyed as PostgreSQL prints a uuid, whatever case the payment service sent.
      perOrder.forEach(entry -> charges.merge(canonical(entry.getKey()), ((Number) entry.getValue()).intValue(),
        Integer::sum));
      return charges;
    } catch (IOException e) {
      throw new IllegalStateException("GET " + request.uri() + " failed (is the simulator there? -DsimulatorUrl): "
        + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Of the charged order ids outside {@code inScope}, those PostgreSQL knows (orders of other shows). */
  private static Set<String> knownElsewhere(Pool pool, Set<String> charged, List<Order> inScope) {
    Set<String> scoped = new HashSet<>();
    inScope.forEach(order -> scoped.add(order.orderId()));
    List<UUID> others = charged.stream().filter(id -> !scoped.contains(id)).map(MoneyCheck::uuidOrNull)
      .filter(id -> id != null).toList();
    Set<String> known = new HashSet<>();
    if (!others.isEmpty()) {
      pool.preparedQuery("SELECT id::text FROM orders WHERE id = ANY($1)")
        .execute(Tuple.of(others.toArray(new UUID[0]))).await()
        .forEach(row -> known.add(row.getString(0)));
    }
    return known;
  }

  private static String canonical(String id) {
    UUID uuid = uuidOrNull(id);
    return uuid == null ? id : uuid.toString();
  }

  /** An id that is no UUID cannot be an order's. */
  private static UUID uuidOrNull(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
