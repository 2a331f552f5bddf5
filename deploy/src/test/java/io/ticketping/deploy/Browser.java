package io.ticketping.deploy;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Headless Debian Chromium driven through Debian's chromedriver (both from apt, so their versions always match and
 * nothing is downloaded). Found on the PATH, or where {@code -Dticketping.chromium} / {@code -Dticketping.chromedriver}
 * point. Screenshots go to {@code target/screenshots/}. A test gets one from a {@link BrowserExtension}, which also
 * screenshots it when the test fails and closes it.
 */
final class Browser implements AutoCloseable {

  /** Generous: CI machines are slow and shared; every wait polls its condition and returns as soon as it holds. */
  static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

  final ChromeDriver driver;
  private String baseUrl;

  Browser() {
    this("en-US");
  }

  /**
   * A browser whose user speaks {@code language} (e.g. {@code ko-KR}): its UI language, {@code navigator.languages}
   * and the {@code Accept-Language} it sends are that language, then its base ({@code ko}).
   */
  Browser(String language) {
    String base = language.split("-")[0];
    ChromeOptions options = new ChromeOptions()
      .setBinary(executable("ticketping.chromium", "chromium", "chromium-browser", "google-chrome"))
      .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--no-first-run", "--window-size=1280,900", "--lang=" + language,
        // Several windows race in one test: keep the ones in the background running at full speed.
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows");
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language + "," + base));
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(new File(executable("ticketping.chromedriver", "chromedriver")))
      .usingAnyFreePort()
      .build();
    this.driver = new ChromeDriver(service, options);
  }

  /** Points the following page loads at the gateway on {@code port} (each test starts its own system). */
  void gateway(int port) {
    baseUrl = "http://127.0.0.1:" + port + "/";
  }

  /** Opens a page of the app ({@code #/...}) in the current window. */
  void open(String hashPath) {
    driver.get(baseUrl + hashPath);
  }

  /** A fresh window (its own sessionStorage, so its own login) showing the app; the driver switches to it. */
  String newWindow(String hashPath) {
    driver.switchTo().newWindow(WindowType.WINDOW);
    open(hashPath);
    return driver.getWindowHandle();
  }

  void switchTo(String window) {
    driver.switchTo().window(window);
  }

  <T> T await(String what, Function<WebDriver, T> condition) {
    // Pages redraw into fresh elements on every navigation: an element gone stale just means "look again".
    return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(100)).withMessage(what)
      .ignoring(StaleElementReferenceException.class).until(condition);
  }

  WebElement visible(String css) {
    return await("visible: " + css, d -> d.findElements(By.cssSelector(css)).stream()
      .filter(WebElement::isDisplayed).findFirst().orElse(null));
  }

  void awaitText(String css, String contained) {
    await(css + " containing '" + contained + "'", d -> d.findElements(By.cssSelector(css)).stream()
      .anyMatch(e -> e.getText().contains(contained)));
  }

  /** Looked up and read in one script call, so a redraw in between cannot leave a stale element. */
  String attribute(String css, String name) {
    return (String) script("const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
      css, name);
  }

  void awaitAttribute(String css, String name, String value) {
    await(css + " with " + name + "=" + value, d -> value.equals(attribute(css, name)));
  }

  void type(String css, String text) {
    WebElement field = visible(css);
    field.clear();
    field.sendKeys(text);
  }

  void click(String css) {
    visible(css).click();
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Chrome DevTools commands go through chromedriver, so no Selenium DevTools module tied to a Chrome version. */
  void devtools(String command, Map<String, Object> params) {
    driver.executeCdpCommand(command, params);
  }

  /** Runs {@code js} in every document this window loads from now on, before the page's own scripts. */
  void beforeEachPage(String js) {
    devtools("Page.addScriptToEvaluateOnNewDocument", Map.of("source", js));
  }

  /** Lets the page now open (its origin) show notifications, as if its user had said yes. */
  void allowNotifications() {
    driver.setPermission("notifications", "granted");
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new IllegalStateException("cannot save screenshot " + name, e);
    }
  }

  /** A screenshot with the element {@code css} near the top of the window (a page part below the fold). */
  void screenshotFrom(String name, String css) {
    script("const e = document.querySelector(arguments[0]); window.scrollTo(0, window.scrollY "
      + "+ e.getBoundingClientRect().top - 24);", css);
    screenshot(name);
  }

  /** The same page as a phone shows it (390 × 844 CSS pixels, emulated), then back to the desktop size. */
  void phoneScreenshot(String name) {
    devtools("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844, "deviceScaleFactor", 2,
      "mobile", true));
    try {
      await("the phone-sized layout", d -> ((Number) script("return window.innerWidth")).intValue() <= 400);
      screenshot(name);
    } finally {
      devtools("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  void screenshotEachWindow(String prefix) {
    int n = 0;
    for (String window : driver.getWindowHandles()) {
      switchTo(window);
      screenshot(prefix + "-" + ++n);
    }
  }

  /** Back to one blank window for the next test: the windows a test opened go, the first one stays. */
  void reset() {
    List<String> windows = new ArrayList<>(driver.getWindowHandles());
    for (String window : windows.subList(1, windows.size())) {
      switchTo(window);
      driver.close();
    }
    switchTo(windows.get(0));
    driver.get("about:blank");
  }

  @Override
  public void close() {
    driver.quit();
  }

  private static String executable(String property, String... names) {
    String configured = System.getProperty(property);
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : names) {
        Path candidate = Paths.get(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new IllegalStateException(names[0] + " is not installed: run scripts/install-deps (apt: chromium "
      + "chromium-driver) or set -D" + property);
  }
}
