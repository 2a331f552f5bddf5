package io.ticketping.deploy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin pages in a real headless Chromium: an organiser sees and runs its own shows only; an admin sees all. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OrganiserPagesTest {

  @RegisterExtension
  static final BrowserExtension BROWSER = BrowserExtension.sharedByClass();

  private final Browser browser = BROWSER.browser();
  private Vertx vertx;

  @AfterEach
  void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("an organiser's admin page lists its own show with its sales, shows the figures and the sale's "
    + "outcomes and runs the queue; "
    + "another organiser's show is refused; the admin's page lists every show")
  void organiserPages() {
    vertx = Vertx.vertx();
    StaffAccounts staff = StaffAccounts.start(vertx);
    String admin = staff.admin();
    String ann = staff.organiser(admin, "ann@organisers.example");
    String bob = staff.organiser(admin, "bob@organisers.example");
    long[] annShow = staff.show(ann, "Ann's night");
    long[] bobShow = staff.show(bob, "Bob's night");
    staff.call(HttpMethod.PUT, "/api/v1/admin/shows/" + annShow[0] + "/queue", ann,
      new JsonObject().put("capacity", 5));
    staff.paidOrder(annShow, "buyer@example.com");
    browser.gateway(staff.sys().config.getJsonObject("http").getInteger("port"));

    BuyerInBrowser organiser = new BuyerInBrowser(browser, browser.newWindow("#/"));
    organiser.logIn("ann@organisers.example", StaffAccounts.PASSWORD);
    browser.click("#nav a[href='#/admin']");
    browser.awaitText("h1", "Your shows");
    browser.awaitText("#admin-shows .admin-show", "1 of 6 seats sold");
    assertThat(browser.driver.findElements(By.cssSelector("#admin-shows .admin-show h2")).stream()
      .map(WebElement::getText).toList()).as("the shows an organiser is shown").containsExactly("Ann's night");
    browser.screenshot("12-organiser-shows");

    browser.click("#admin-shows .admin-show h2 a");
    browser.awaitText("h1", "Ann's night");
    browser.awaitText("#sales-paid", "1");
    browser.awaitText("#sales-revenue", "50,000");
    browser.awaitText("#sales-table tbody tr .sold", "1");
    browser.awaitText("#o-admitted", "1");
    browser.awaitText("#o-paid", "1 (100%)");
    browser.screenshotFrom("15-organiser-outcomes", "#outcomes");
    browser.awaitText("#q-state", "OPEN");
    browser.click("#pause");
    browser.awaitText("#q-state", "PAUSED");
    assertThat(staff.call(HttpMethod.GET, "/api/v1/admin/shows/" + annShow[0] + "/queue", ann, null)
      .bodyAsJsonObject().getString("state")).isEqualTo("PAUSED");
    browser.screenshot("13-organiser-show");

    browser.open("#/admin/" + bobShow[0]);
    browser.awaitText("#admin-problem", "Not one of your shows");
    assertThat(browser.driver.findElement(By.id("sales-revenue")).getText()).as("no figures of Bob's show")
      .isEqualTo("–");

    BuyerInBrowser theAdmin = new BuyerInBrowser(browser, browser.newWindow("#/"));
    theAdmin.logIn(StaffAccounts.ADMIN_EMAIL, StaffAccounts.ADMIN_PASSWORD);
    browser.open("#/admin");
    browser.awaitText("h1", "All shows");
    browser.awaitText("#admin-shows", "Bob's night");
    browser.awaitText("#admin-shows", "Ann's night");
    browser.screenshot("14-admin-shows");
  }
}
