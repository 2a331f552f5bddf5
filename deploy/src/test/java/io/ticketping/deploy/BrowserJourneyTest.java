package io.ticketping.deploy;

import io.ticketping.gateway.GatewayVerticle;
import io.ticketping.gateway.users.AdminAccount;
import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages in a real headless Chromium against the whole system (real Redis, PostgreSQL, Kafka, provider simulator).
 * The waiting room has capacity 1 and buyers queued by the API ahead of the browser's buyer, so the page has to show
 * its place fall as the test lets them through. Screenshots of every page land in {@code target/screenshots/}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BrowserJourneyTest {

  private static final String ADMIN_PASSWORD = "admin-password-for-tests";

  @RegisterExtension
  static final BrowserExtension BROWSER = BrowserExtension.sharedByClass();

  private final Browser browser = BROWSER.browser();
  private Vertx vertx;
  private SystemFixture sys;
  private long showId;
  private long scheduleId;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    sys = SystemFixture.start(vertx, config -> config.getJsonObject("admin").put("password", ADMIN_PASSWORD));
    long[] ids = sys.demoShow(1).await();
    showId = ids[0];
    scheduleId = ids[1];
    // Waiters queued by the API never poll: keep their places while the browser's buyer waits behind them.
    vertx.eventBus().request(QueueAddresses.CONFIGURE, new JsonObject().put("showId", String.valueOf(showId))
      .put("idleTimeoutSeconds", 600)).await();
    browser.gateway(sys.config.getJsonObject("http").getInteger("port"));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("a buyer signs up, waits in line watching the position fall live, picks a seat and ends with a paid order")
  void journey() {
    List<String> ahead = queueAhead(3);
    BuyerInBrowser buyer = new BuyerInBrowser(browser);
    browser.open("#/");
    browser.awaitText(".show-card h2", "Demo Night");
    assertThat(browser.script("return getComputedStyle(document.querySelector('.top')).backgroundColor"))
      .as("the stylesheet is applied").isEqualTo("rgb(49, 46, 129)");
    browser.screenshot("01-shows");
    browser.click(".show-card h2 a");
    browser.visible(".dates .button");
    browser.screenshot("02-show");
    browser.click(".dates .button");
    buyer.signUp("ann@example.com", "Ann", "03-signup");

    buyer.awaitPosition(3);
    buyer.awaitMode("stream");
    browser.awaitText("#eta", "Estimated wait");
    browser.screenshot("04-waiting-room");
    browser.phoneScreenshot("04-waiting-room-phone");
    leave(ahead.get(0));
    buyer.awaitPosition(2);
    leave(ahead.get(1));
    buyer.awaitPosition(1);
    assertThat(buyer.positions()).as("positions the waiting room showed").containsSubsequence(3L, 2L, 1L)
      .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    leave(ahead.get(2));
    buyer.awaitSeatMap();

    long seatId = firstAvailableSeat();
    buyer.pickSeat(seatId);
    browser.awaitText("#total", "Total");
    browser.screenshot("05-seat-map");
    browser.phoneScreenshot("05-seat-map-phone");
    buyer.hold();
    browser.screenshot("06-checkout");
    buyer.pay();
    browser.awaitAttribute("#view", "data-order-status", "PAID");
    browser.awaitText("#order-status", "Paid");
    browser.screenshot("07-paid-order");
    JsonObject order = sys.client.get("/api/v1/orders/" + buyer.orderIdInUrl())
      .bearerTokenAuthentication(sys.user("ann@example.com").await()).send().await().bodyAsJsonObject();
    assertThat(order.getString("status")).isEqualTo("PAID");

    browser.click("#nav a[href='#/orders']");
    browser.awaitText(".order-card", "Paid");
    browser.screenshot("08-my-orders");
  }

  @Test
  @DisplayName("the waiting room keeps working when its stream drops: it falls back to polling, then streams again")
  void streamDrops() {
    List<String> ahead = queueAhead(3);
    sys.user("max@example.com").await();
    BuyerInBrowser buyer = new BuyerInBrowser(browser);
    buyer.logIn("max@example.com", BuyerInBrowser.PASSWORD);
    browser.open("#/queue/" + showId + "/" + scheduleId);
    buyer.awaitPosition(3);
    buyer.awaitMode("stream");

    // New streams are refused, as by a proxy that cuts SSE; then the gateway restarts, which ends the open one.
    browser.devtools("Network.enable", Map.of());
    browser.devtools("Network.setBlockedURLs", Map.of("urls", List.of("*/stream*")));
    vertx.undeploy(sys.deployments.get("gateway")).await();
    buyer.awaitMode("poll");
    vertx.deployVerticle(GatewayVerticle.class, new DeploymentOptions().setConfig(sys.config)
      .setInstances(sys.config.getJsonObject("http").getInteger("instances"))).await();
    leave(ahead.get(0));
    buyer.awaitPosition(2);
    assertThat(buyer.connectionMode()).as("position 2 came by polling: streams are blocked").isEqualTo("poll");
    browser.screenshot("10-waiting-room-polling");

    browser.devtools("Network.setBlockedURLs", Map.of("urls", List.of()));
    buyer.awaitMode("stream");
    leave(ahead.get(1));
    buyer.awaitPosition(1);
    assertThat(buyer.positions()).containsSubsequence(3L, 2L, 1L);
    leave(ahead.get(2));
    buyer.awaitSeatMap();
  }

  @Test
  @DisplayName("two buyers race for one seat: one holds it, the other is told it was taken; the admin page steers the line")
  void raceForOneSeat() {
    AdminAccount.ensure(vertx, sys.config).await();
    String queue = "#/login?mode=signup&next=/queue/" + showId + "/" + scheduleId;
    BuyerInBrowser kim = new BuyerInBrowser(browser, browser.newWindow(queue));
    kim.signUp("kim@example.com", "Kim");
    kim.awaitSeatMap();
    BuyerInBrowser lee = new BuyerInBrowser(browser, browser.newWindow(queue));
    lee.signUp("lee@example.com", "Lee");
    lee.awaitPosition(1);

    BuyerInBrowser admin = new BuyerInBrowser(browser, browser.newWindow("#/"));
    admin.logIn("admin@ticketping.local", ADMIN_PASSWORD);
    browser.open("#/admin/" + showId);
    browser.awaitText("#q-working", "1 of 1");
    browser.awaitText("#q-waiting", "1");
    browser.screenshotFrom("09-admin-queue-live", "#live-title");
    browser.click("#pause");
    browser.awaitText("#q-state", "PAUSED");
    assertThat(adminStats().getString("state")).isEqualTo("PAUSED");
    browser.click("#resume");
    browser.awaitText("#q-state", "OPEN");
    // Closing: Lee, in line, is told nobody is let in; draining: he is told newcomers are turned away, not him.
    browser.click("#close");
    browser.awaitText("#q-state", "CLOSED");
    lee.here();
    browser.awaitAttribute("#view", "data-status", "CLOSED");
    browser.awaitText("#wait-title", "closed");
    browser.screenshot("09-waiting-room-closed");
    admin.here();
    browser.click("#drain");
    browser.awaitText("#q-state", "DRAINING");
    lee.here();
    browser.awaitAttribute("#view", "data-status", "WAITING");
    browser.awaitText("#queue-note", "no newcomers");
    admin.here();
    browser.click("#resume");
    browser.awaitText("#q-state", "OPEN");
    browser.type("#capacity", "2");
    browser.click("form button[type=submit]");
    browser.awaitText("#admin-saved", "Saved");
    lee.here().awaitSeatMap();
    admin.here();
    browser.awaitText("#q-working", "2 of 2");
    browser.screenshot("09-admin-queue");
    assertThat(adminStats().getInteger("capacity")).isEqualTo(2);

    long seatId = firstAvailableSeat();
    kim.here().pickSeat(seatId);
    lee.here().pickSeat(seatId);
    // Both press "Hold" at one agreed instant, each window on its own timer.
    long at = System.currentTimeMillis() + 1500;
    for (BuyerInBrowser buyer : List.of(kim, lee)) {
      buyer.here();
      browser.script("setTimeout(() => document.getElementById('hold').click(), Math.max(0, arguments[0] - Date.now()))",
        at);
    }
    List<String> outcomes = new ArrayList<>();
    for (BuyerInBrowser buyer : List.of(kim, lee)) {
      buyer.here();
      // "Taken" comes from the 409 of the hold, or from the live map if it refreshed between the two clicks.
      outcomes.add(browser.await("an outcome of the hold", d -> d.getCurrentUrl().contains("#/checkout/") ? "held"
        : d.findElements(By.cssSelector("#seat-problem, #seat-notice")).stream()
          .anyMatch(e -> e.getText().contains("just taken")) ? "taken" : null));
      if (outcomes.get(outcomes.size() - 1).equals("taken")) {
        browser.screenshot("11-seat-taken");
      }
    }
    assertThat(outcomes).containsExactlyInAnyOrder("held", "taken");
  }

  @Test
  @DisplayName("a buyer refunds a paid order from its page: two clicks, refund in progress, then refunded, and the "
    + "seat is on sale again")
  void refund() {
    BuyerInBrowser rae = new BuyerInBrowser(browser);
    browser.open("#/login?mode=signup&next=/queue/" + showId + "/" + scheduleId);
    rae.signUp("rae@example.com", "Rae");
    rae.awaitSeatMap();
    long seat = availableSeats(1).get(0);
    rae.pickSeat(seat);
    rae.hold();
    rae.pay();
    browser.awaitAttribute("#view", "data-order-status", "PAID");
    String orderId = rae.orderIdInUrl();

    browser.click("#refund");
    browser.click("#confirm-refund");
    browser.awaitAttribute("#view", "data-order-status", "REFUNDED");
    browser.awaitText("#order-status", "Refunded");
    browser.screenshot("17-refunded");
    assertThat(browser.driver.findElements(By.cssSelector("#refund"))).as("no refund button any more").isEmpty();
    assertThat(sys.orderStatus(orderId).await()).isEqualTo("REFUNDED");
    assertThat(sys.seatStatus(seat).await()).as("the seat, on sale again").isEqualTo("AVAILABLE");
    assertThat(sys.simulatorStats().await().getJsonObject("liveChargesPerOrder").getInteger(orderId))
      .as("live charges after the refund").isZero();
  }

  @Test
  @DisplayName("a buyer over the date's ticket limit is told how many tickets they may buy and already have; checkout "
    + "counts down the hold alone")
  void ticketLimit() {
    BuyerInBrowser liz = new BuyerInBrowser(browser);
    browser.open("#/login?mode=signup&next=/queue/" + showId + "/" + scheduleId);
    liz.signUp("liz@example.com", "Liz");
    liz.awaitSeatMap();
    liz.pickSeat(availableSeats(1).get(0));
    liz.hold();
    assertThat(browser.driver.findElements(By.cssSelector("#hold-timer"))).as("the hold's countdown").hasSize(1);
    assertThat(browser.driver.findElements(By.cssSelector(".timer, #pass-timer"))).as("no pass countdown").isEmpty();

    // Two more tickets of the same date, held by the same account through the API (its pass is the same slot's).
    String token = sys.user("liz@example.com").await();
    String pass = sys.enter(showId, token).await().getString("pass");
    List<Long> two = availableSeats(2);
    assertThat(sys.hold(token, pass, scheduleId, two.get(0), two.get(1)).await().statusCode()).isEqualTo(201);

    browser.open("#/seats/" + showId + "/" + scheduleId);
    liz.awaitSeatMap();
    for (long seat : availableSeats(2)) {
      liz.pickSeat(seat);
    }
    liz.holdRefused("You can buy at most 4 tickets for this date; you already have 3.");
    browser.screenshot("12-ticket-limit");
    long held = sys.db.query("SELECT count(*) FROM seats WHERE status = 'HELD'").execute().await().iterator().next()
      .getLong(0);
    assertThat(held).as("seats held: nothing past the limit").isEqualTo(3);
  }

  @Test
  @DisplayName("the waiting room says sold out for now and keeps the place while the last seat is held, lets the "
    + "buyer in when it comes back, and tells a newcomer after the sale that it is sold out")
  void soldOut() {
    JsonObject show = vertx.eventBus().<JsonObject>request(BookingAddresses.CREATE_SHOW,
      SoldOutJourneyTest.tinyShow(1)).await().body();
    long tinyShow = show.getLong("showId");
    long evening = show.getJsonArray("schedules").getJsonObject(0).getLong("scheduleId");
    vertx.eventBus().request(QueueAddresses.CONFIGURE, new JsonObject().put("showId", String.valueOf(tinyShow))
      .put("capacity", 1).put("idleTimeoutSeconds", 600)).await();
    Purchase max = new Purchase(sys);
    max.show(new long[] {tinyShow, evening}).await();
    max.buyer(sys.user("max@example.com").await()).await();

    String queue = "#/login?mode=signup&next=/queue/" + tinyShow + "/" + evening;
    BuyerInBrowser ann = new BuyerInBrowser(browser, browser.newWindow(queue));
    ann.signUp("ann@example.com", "Ann");
    ann.awaitPosition(1);
    max.holdFirstSeat().await();
    browser.awaitAttribute("#view", "data-status", "SOLD_OUT");
    browser.awaitAttribute("#view", "data-sold-out", "FOR_NOW");
    browser.awaitText("#wait-title", "Sold out for now");
    browser.awaitText("#position", "first in line");
    browser.screenshot("15-sold-out-for-now");

    // Max lets the seat go: Ann, first in line, is let in and buys it.
    assertThat(sys.client.delete("/api/v1/orders/" + max.orderId).bearerTokenAuthentication(max.token).send().await()
      .statusCode()).isEqualTo(200);
    leave(tinyShow, max.token);
    ann.awaitSeatMap();
    ann.pickSeat(max.seatId);
    ann.hold();
    ann.pay();
    browser.awaitAttribute("#view", "data-order-status", "PAID");

    BuyerInBrowser bob = new BuyerInBrowser(browser, browser.newWindow(queue));
    bob.signUp("bob@example.com", "Bob");
    browser.awaitAttribute("#view", "data-sold-out", "FOR_GOOD");
    browser.awaitText("#wait-title", "Sold out");
    browser.awaitText("#position", "Every seat has been sold");
    assertThat(bob.positions()).as("no place for a newcomer").isEmpty();
    assertThat(browser.script("return document.getElementById('connection').offsetParent === null"))
      .as("nothing to follow: the connection indicator is gone").isEqualTo(true);
    browser.screenshot("16-sold-out");
  }

  private JsonObject adminStats() {
    String token = sys.client.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
      .put("email", "admin@ticketping.local").put("password", ADMIN_PASSWORD)).await()
      .bodyAsJsonObject().getString("accessToken");
    return sys.client.get("/api/v1/admin/shows/" + showId + "/queue").bearerTokenAuthentication(token).send().await()
      .bodyAsJsonObject();
  }

  private long firstAvailableSeat() {
    return availableSeats(1).get(0);
  }

  /** The first {@code count} seats of the schedule's map that are available. */
  private List<Long> availableSeats(int count) {
    return sys.client.get("/api/v1/schedules/" + scheduleId + "/seats").send().await().bodyAsJsonObject()
      .getJsonArray("seats").stream().map(JsonObject.class::cast)
      .filter(s -> "AVAILABLE".equals(s.getString("status"))).limit(count).map(s -> s.getLong("seatId")).toList();
  }

  /** {@code count} buyers in line by the API (the first takes the only slot); their access tokens, in line order. */
  private List<String> queueAhead(int count) {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String token = sys.user("ahead" + i + "@example.com").await();
      JsonObject entered = sys.enter(showId, token).await();
      assertThat(entered.getString("status")).isEqualTo(i == 0 ? "ADMITTED" : "WAITING");
      tokens.add(token);
    }
    return tokens;
  }

  private void leave(String token) {
    leave(showId, token);
  }

  private void leave(long show, String token) {
    int status = sys.client.delete("/api/v1/queue/" + show).bearerTokenAuthentication(token).send().await()
      .statusCode();
    assertThat(status).isEqualTo(204);
  }
}
