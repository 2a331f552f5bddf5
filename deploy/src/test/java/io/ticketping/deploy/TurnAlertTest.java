package io.ticketping.deploy;

import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A turn one cannot miss, in a real headless Chromium against the whole system: a waiter whose network drops for a
 * moment comes back with the same place, and one whose tab is in the background when the turn comes gets a
 * notification, a beep and a flashing title, and still has the pass after staying silent past the idle timeout.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TurnAlertTest {

  /** Short, so that the silences below would cost a waiter its place; still well above the network blip. */
  private static final int IDLE_TIMEOUT_SECONDS = 6;
  /**
   * Before the page's scripts: records every notification the page makes and every tone it plays, and puts the
   * page's visibility in the test's hands ({@code __setHidden}), as a tab sent to the background would be.
   */
  private static final String RECORDER = """
    (() => {
      window.__notes = [];
      window.__tones = 0;
      const Native = window.Notification;
      if (Native) {
        window.Notification = class extends Native {
          constructor(title, options) {
            window.__notes.push({ title, body: (options || {}).body, hidden: document.hidden });
            super(title, options);
          }
        };
      }
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (...args) {
        window.__tones++;
        return start.apply(this, args);
      };
      let hidden = false;
      Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
      Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true,
        get: () => (hidden ? 'hidden' : 'visible') });
      window.__setHidden = (value) => {
        hidden = value;
        document.dispatchEvent(new Event('visibilitychange'));
      };
    })();
    """;

  @RegisterExtension
  static final BrowserExtension BROWSER = BrowserExtension.perTest();

  private Vertx vertx;

  @AfterEach
  void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("a waiter keeps the place through a network drop, is notified of the turn with the tab hidden, stays "
    + "silent past the idle timeout and still holds seats with the pass")
  void turnInTheBackground() throws InterruptedException {
    vertx = Vertx.vertx();
    SystemFixture sys = SystemFixture.start(vertx);
    long[] ids = sys.demoShow(1).await();
    long showId = ids[0];
    vertx.eventBus().request(QueueAddresses.CONFIGURE, new JsonObject().put("showId", String.valueOf(showId))
      .put("idleTimeoutSeconds", IDLE_TIMEOUT_SECONDS)).await();
    String first = sys.user("first@example.com").await();
    assertThat(sys.enter(showId, first).await().getString("status")).as("the slot's holder").isEqualTo("ADMITTED");
    String tia = sys.user("tia@example.com").await();

    Browser browser = BROWSER.browser();
    browser.gateway(sys.config.getJsonObject("http").getInteger("port"));
    browser.beforeEachPage(RECORDER);
    BuyerInBrowser buyer = new BuyerInBrowser(browser);
    buyer.logIn("tia@example.com", BuyerInBrowser.PASSWORD);
    browser.allowNotifications();
    browser.open("#/queue/" + showId + "/" + ids[1]);
    buyer.awaitPosition(1);
    buyer.awaitMode("stream");
    browser.awaitAttribute("#turn-alert", "data-permission", "granted");
    browser.awaitText("#turn-alert", "You will get a notification");

    // The network goes away for less than the idle timeout, then comes back: same session, same place, live again.
    browser.devtools("Network.enable", Map.of());
    browser.devtools("Network.emulateNetworkConditions", network(true));
    buyer.awaitMode("offline");
    browser.screenshot("18-waiting-room-offline");
    Thread.sleep(3000);
    browser.devtools("Network.emulateNetworkConditions", network(false));
    buyer.awaitMode("stream");
    assertThat(buyer.positions()).as("positions shown through the drop").containsOnly(1L);
    assertThat(status(sys, showId, tia).getString("status")).isEqualTo("WAITING");

    // The tab goes to the background; the turn comes.
    browser.script("__setHidden(true)");
    sys.client.delete("/api/v1/queue/" + showId).bearerTokenAuthentication(first).send().await();
    browser.await("a notification", d -> ((Number) browser.script("return __notes.length")).intValue() > 0);
    @SuppressWarnings("unchecked")
    Map<String, Object> note = (Map<String, Object>) browser.script("return __notes[0]");
    assertThat(note.get("title")).isEqualTo("It is your turn!");
    assertThat((String) note.get("body")).contains("Demo Night");
    assertThat(note.get("hidden")).as("made while the tab was hidden").isEqualTo(true);
    browser.await("the title flashing", d -> "🔔 Your turn!".equals(d.getTitle()));
    assertThat(((Number) browser.script("return __tones")).intValue()).as("tones of the beep").isEqualTo(2);
    assertThat(((Number) browser.script("return __notes.length")).intValue()).as("one notification").isEqualTo(1);

    // Silent (a hidden tab sends nothing to the queue) for longer than the idle timeout: the pass holds.
    Thread.sleep((IDLE_TIMEOUT_SECONDS + 2) * 1000L);
    JsonObject admitted = status(sys, showId, tia);
    assertThat(admitted.getString("status")).as("after the silence").isEqualTo("ADMITTED");
    browser.script("__setHidden(false)");
    browser.await("the title back", d -> d.getTitle().equals("Pick your seats · TicketPing"));
    buyer.awaitSeatMap();
    long seat = sys.client.get("/api/v1/schedules/" + ids[1] + "/seats").send().await().bodyAsJsonObject()
      .getJsonArray("seats").stream().map(JsonObject.class::cast)
      .filter(s -> "AVAILABLE".equals(s.getString("status"))).findFirst().orElseThrow().getLong("seatId");
    buyer.pickSeat(seat);
    buyer.hold();
    browser.screenshot("19-checkout-after-silence");
  }

  private static Map<String, Object> network(boolean offline) {
    return Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1);
  }

  private static JsonObject status(SystemFixture sys, long showId, String token) {
    return sys.client.get("/api/v1/queue/" + showId).bearerTokenAuthentication(token).send().await()
      .bodyAsJsonObject();
  }
}
