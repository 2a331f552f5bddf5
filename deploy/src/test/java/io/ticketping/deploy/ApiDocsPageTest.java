package io.ticketping.deploy;

import io.ticketping.gateway.GatewayVerticle;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's {@code /docs} page in a real headless Chromium: Swagger UI, served by the gateway itself, draws the
 * API document with every operation and opens one, and nothing it loads or does is blocked by the page's
 * Content-Security-Policy.
 * Its screenshot ({@code target/screenshots/api-docs.png}) is the README's picture of the API docs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApiDocsPageTest {

  /** Collects the page's CSP violations from its very first script on. */
  private static final String CSP_WATCH = "window.__cspViolations = [];"
    + "document.addEventListener('securitypolicyviolation',"
    + " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";

  @RegisterExtension
  static final BrowserExtension BROWSER = BrowserExtension.perTest();

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("/docs lists every operation of the API document in Swagger UI, within the page's CSP")
  void docsPage() {
    Browser browser = BROWSER.browser();
    TestServers.get().reset();
    JsonObject config = TestServers.get().config();
    int port = TestServers.freePort();
    config.getJsonObject("http").put("port", port);
    vertx.deployVerticle(GatewayVerticle.class, new DeploymentOptions().setConfig(config)).await();
    String document = WebClient.create(vertx).get(port, "127.0.0.1", "/openapi.yaml").send().await()
      .bodyAsString();
    int operations = count(Pattern.compile("\\n\\s+operationId: ").matcher(document));

    browser.devtools("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_WATCH));
    browser.gateway(port);
    browser.open("docs");
    browser.awaitText(".info .title", "TicketPing API");
    int drawn = browser.await("every operation drawn", d -> {
      int n = d.findElements(By.cssSelector(".opblock")).size();
      return n >= operations ? n : null;
    });
    browser.awaitText(".opblock-summary-path", "/api/v1/queue/{showId}/stream");
    browser.awaitText(".opblock-summary-path", "/api/v1/orders");
    browser.screenshot("api-docs");
    // An operation opened shows its body's schema and its answers, problem+json among them.
    browser.click("#operations-orders-holdSeats .opblock-summary");
    browser.awaitText("#operations-orders-holdSeats .opblock-body", "seatIds");
    browser.awaitText("#operations-orders-holdSeats .responses-table", "application/problem+json");

    assertThat(drawn).isEqualTo(operations).isGreaterThan(30);
    assertThat(browser.driver.findElements(By.cssSelector(".opblock-tag")).stream().map(e -> e.getText()).toList())
      .anyMatch(tag -> tag.startsWith("queue")).anyMatch(tag -> tag.startsWith("payments"));
    assertThat((List<?>) browser.script("return window.__cspViolations")).as("CSP violations").isEmpty();
  }

  private static int count(Matcher matcher) {
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }
}
