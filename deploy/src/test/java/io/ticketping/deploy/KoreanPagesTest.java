package io.ticketping.deploy;

import io.ticketping.gateway.users.AdminAccount;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages in Korean, in a real headless Chromium whose user speaks Korean ({@code --lang=ko-KR}, Accept-Language
 * ko-KR): every main page, buyer's and admin's, shows its Korean texts and no English one is left on screen (no
 * visible text, label or title holds a Latin word but the show's own names, nor any English catalog text). The
 * switch in the header turns the pages English and is remembered.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KoreanPagesTest {

  private static final String ADMIN_PASSWORD = "admin-password-for-tests";
  private static final String BUYER = "min@example.com";
  /**
   * The visible texts, labels and titles of the page (those inside an element marked as another language, like the
   * switch's "English", or as not to be translated, like the brand, aside) that hold a Latin word once the allowed names are taken out, or an English catalog
   * text. arguments[0]: allowed names; arguments[1]: English texts.
   */
  private static final String ENGLISH_LEFT = """
    const [names, english] = arguments;
    const allowed = [...names].sort((a, b) => b.length - a.length);
    const found = [];
    const foreign = (el) => {
      const marked = el.closest('[lang]');
      return (marked && !marked.lang.startsWith('ko')) || el.closest('[translate="no"]');
    };
    const check = (text, where) => {
      let rest = text;
      for (const name of allowed) rest = rest.split(name).join(' ');
      if (/[A-Za-z]{2,}/.test(rest)) found.push(`${where}: ${text.trim()}`);
      for (const words of english) if (text.includes(words)) found.push(`${where} (English text "${words}"): ${text}`);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const el = walker.currentNode.parentElement;
      if (!walker.currentNode.textContent.trim() || !el || el.closest('script, style, noscript') || foreign(el)
        || el.getClientRects().length === 0) continue;
      check(walker.currentNode.textContent, el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''));
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [aria-valuetext]')) {
      if (foreign(el)) continue;
      for (const name of ['aria-label', 'title', 'placeholder', 'aria-valuetext']) {
        if (el.hasAttribute(name)) check(el.getAttribute(name), `${el.tagName.toLowerCase()}[${name}]`);
      }
    }
    check(document.title, 'title');
    return found;
    """;
  /** The English catalog's texts, cut at their placeholders, that are long enough to mean something alone. */
  private static final String ENGLISH_TEXTS = """
    const done = arguments[arguments.length - 1];
    import('/assets/js/i18n/en.js').then((m) => done(Object.values(m.default)
      .flatMap((text) => text.split(/\\{\\w+\\}/)).map((part) => part.trim())
      .filter((part) => part.length >= 6 && /[A-Za-z]{3,}/.test(part))));
    """;

  @RegisterExtension
  static final BrowserExtension BROWSER = BrowserExtension.perTest();

  private Browser browser;
  private Vertx vertx;
  private final List<String> allowed = new ArrayList<>(List.of("TicketPing", BUYER, "admin@ticketping.local"));
  private List<String> english;

  @AfterEach
  void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("a Korean browser gets every page in Korean with no English left: shows, show, sign-up, waiting room, "
    + "seats, checkout, order, orders and the admin pages; the switch turns them English and is remembered")
  void koreanPages() {
    vertx = Vertx.vertx();
    SystemFixture sys = SystemFixture.start(vertx, config -> config.getJsonObject("admin")
      .put("password", ADMIN_PASSWORD));
    AdminAccount.ensure(vertx, sys.config).await();
    long[] ids = sys.demoShow(1).await();
    long showId = ids[0];
    vertx.eventBus().request(QueueAddresses.CONFIGURE, new JsonObject().put("showId", String.valueOf(showId))
      .put("idleTimeoutSeconds", 600)).await();
    JsonObject show = sys.client.get("/api/v1/shows/" + showId).send().await().bodyAsJsonObject();
    allowed.add(show.getString("title"));
    allowed.add(show.getString("venue"));
    show.getJsonArray("grades").forEach(g -> allowed.add(((JsonObject) g).getString("grade")));
    String ahead = sys.user("ahead@example.com").await();
    assertThat(sys.enter(showId, ahead).await().getString("status")).isEqualTo("ADMITTED");

    browser = BROWSER.browser("ko-KR");
    browser.gateway(sys.config.getJsonObject("http").getInteger("port"));
    BuyerInBrowser buyer = new BuyerInBrowser(browser);
    browser.open("#/");
    assertThat(browser.script("return navigator.languages[0]")).as("the browser's language").isEqualTo("ko-KR");
    assertThat(browser.script("return document.documentElement.lang")).isEqualTo("ko");
    english = browser.driver.executeAsyncScript(ENGLISH_TEXTS) instanceof List<?> texts
      ? texts.stream().map(String::valueOf).toList() : List.of();
    assertThat(english).as("English texts to look for").hasSizeGreaterThan(100);

    browser.awaitText("h1", "예매 중인 공연");
    browser.awaitText(".show-card .badge", "예매 가능");
    assertKorean("shows");
    browser.screenshot("shows-ko");

    browser.click(".show-card h2 a");
    browser.awaitText(".dates .button", "예매하기");
    assertKorean("show");
    browser.screenshot("show-ko");

    browser.click(".dates .button");
    browser.awaitText("form h1", "로그인");
    assertKorean("log-in");
    browser.click("form .linkish");
    browser.awaitText("form h1", "회원 가입");
    browser.type("#nickname", "민");
    browser.type("#email", BUYER);
    browser.type("#password", BuyerInBrowser.PASSWORD);
    assertKorean("sign-up");
    browser.screenshot("signup-ko");
    browser.click("form button[type=submit]");

    buyer.awaitPosition(1);
    buyer.awaitMode("stream");
    browser.awaitText("#position", "다음 차례");
    browser.awaitText("#connection", "실시간");
    assertKorean("waiting room");
    browser.screenshot("waiting-room-ko");

    sys.client.delete("/api/v1/queue/" + showId).bearerTokenAuthentication(ahead).send().await();
    buyer.awaitSeatMap();
    long seat = sys.client.get("/api/v1/schedules/" + ids[1] + "/seats").send().await().bodyAsJsonObject()
      .getJsonArray("seats").stream().map(JsonObject.class::cast)
      .filter(s -> "AVAILABLE".equals(s.getString("status"))).findFirst().orElseThrow().getLong("seatId");
    buyer.pickSeat(seat);
    browser.awaitText("#total", "합계");
    browser.awaitText("#hold", "1석 선점");
    assertKorean("seats");
    browser.screenshot("seat-map-ko");

    buyer.hold();
    browser.awaitText("#pay", "결제하기");
    assertKorean("checkout");
    browser.screenshot("checkout-ko");

    buyer.pay();
    allowed.add(buyer.orderIdInUrl());
    browser.awaitAttribute("#view", "data-order-status", "PAID");
    browser.awaitText("#order-status", "결제 완료");
    assertKorean("order");

    browser.click("#nav a[href='#/orders']");
    browser.awaitText(".order-card", "결제 완료");
    assertKorean("orders");
    browser.screenshot("orders-ko");

    BuyerInBrowser admin = new BuyerInBrowser(browser, browser.newWindow("#/login"));
    browser.awaitText("form h1", "로그인");
    browser.type("#email", "admin@ticketping.local");
    browser.type("#password", ADMIN_PASSWORD);
    browser.click("form button[type=submit]");
    browser.await("logged in", d -> !d.findElements(By.cssSelector("#nav .linkish")).isEmpty());
    browser.open("#/admin");
    browser.awaitText("h1", "전체 공연");
    browser.awaitText("#admin-shows .summary", "석 판매");
    assertKorean("admin");
    browser.open("#/admin/" + showId);
    browser.awaitText("#q-state", "진행 중");
    browser.awaitText("#sales-paid", "1");
    browser.awaitText("#o-paid", "명 (");
    assertKorean("show admin");
    browser.screenshotFrom("admin-queue-ko", "#live-title");

    // The switch: English at once, still English after a reload, Korean again at a click.
    admin.here();
    browser.click("#lang-switch");
    browser.awaitText("#live-title", "Waiting room, live");
    assertThat(browser.script("return localStorage.getItem('tp.lang')")).isEqualTo("en");
    browser.driver.navigate().refresh();
    browser.awaitText("#live-title", "Waiting room, live");
    assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");
    browser.click("#lang-switch");
    browser.awaitText("#live-title", "대기실 실시간 현황");
    assertKorean("show admin, switched back");
  }

  private void assertKorean(String page) {
    List<?> left = (List<?>) browser.script(ENGLISH_LEFT, allowed, english);
    assertThat(left).as("English left on the " + page + " page").isEmpty();
  }
}
