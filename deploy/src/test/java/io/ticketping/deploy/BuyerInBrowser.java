package io.ticketping.deploy;

import org.openqa.selenium.By;

import java.util.Arrays;
import java.util.List;

/** What a buyer does on the pages, step by step, in one window of a {@link Browser}. */
final class BuyerInBrowser {

  static final String PASSWORD = "correct-horse";

  private final Browser browser;
  final String window;

  BuyerInBrowser(Browser browser, String window) {
    this.browser = browser;
    this.window = window;
  }

  /** A buyer in the browser's current window. */
  BuyerInBrowser(Browser browser) {
    this(browser, browser.driver.getWindowHandle());
  }

  BuyerInBrowser here() {
    browser.switchTo(window);
    return this;
  }

  /** Creates an account on the login page (reached from a "Get tickets" link or directly) and ends logged in. */
  void signUp(String email, String nickname) {
    signUp(email, nickname, null);
  }

  /** As {@link #signUp(String, String)}, with a screenshot of the filled-in form. */
  void signUp(String email, String nickname, String screenshot) {
    browser.visible("form h1");
    if (!browser.driver.findElement(By.cssSelector("form h1")).getText().contains("Create")) {
      browser.click("form .linkish");
    }
    browser.awaitText("form h1", "Create your account");
    browser.type("#nickname", nickname);
    browser.type("#email", email);
    browser.type("#password", PASSWORD);
    if (screenshot != null) {
      browser.screenshot(screenshot);
    }
    browser.click("form button[type=submit]");
    browser.await("logged in", d -> !d.findElements(By.cssSelector("#nav .linkish")).isEmpty());
  }

  void logIn(String email, String password) {
    browser.open("#/login");
    browser.awaitText("form h1", "Log in");
    browser.type("#email", email);
    browser.type("#password", password);
    browser.click("form button[type=submit]");
    browser.await("logged in", d -> !d.findElements(By.cssSelector("#nav .linkish")).isEmpty());
  }

  /** Waits in the room until it shows {@code position}. */
  void awaitPosition(long position) {
    browser.await("waiting-room position " + position, d -> positions().contains(position));
  }

  /** Every position the page has shown, in order. */
  List<Long> positions() {
    String seen = browser.attribute("#view", "data-positions");
    return seen == null || seen.isEmpty() ? List.of() : Arrays.stream(seen.split(",")).map(Long::valueOf).toList();
  }

  String connectionMode() {
    return browser.attribute("#connection", "data-mode");
  }

  void awaitMode(String mode) {
    browser.awaitAttribute("#connection", "data-mode", mode);
  }

  /** The seat map once admitted: waits for it to be drawn. */
  void awaitSeatMap() {
    browser.await("the seat map", d -> d.getCurrentUrl().contains("#/seats/")
      && !d.findElements(By.cssSelector(".seat-grid .seat")).isEmpty());
  }

  void pickSeat(long seatId) {
    browser.click(".seat-grid .seat[data-seat='" + seatId + "']");
    browser.awaitAttribute(".seat-grid .seat[data-seat='" + seatId + "']", "aria-pressed", "true");
  }

  /** Holds the picked seats; ends on the checkout page. */
  void hold() {
    browser.click("#hold");
    browser.await("checkout", d -> d.getCurrentUrl().contains("#/checkout/"));
    browser.visible("#pay");
  }

  /** Presses "Hold" expecting a refusal: waits for the seat page's problem to say {@code text}. */
  void holdRefused(String text) {
    browser.click("#hold");
    browser.awaitText("#seat-problem", text);
  }

  /** Pays on the checkout page; ends on the order page. */
  void pay() {
    browser.click("#pay");
    browser.await("the order page", d -> d.getCurrentUrl().contains("#/orders/"));
  }

  String orderIdInUrl() {
    String url = browser.driver.getCurrentUrl();
    return url.substring(url.indexOf("#/orders/") + "#/orders/".length()).replaceAll("\\?.*", "");
  }
}
