package io.ticketping.deploy;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The {@link Browser} of a test class, registered as a static {@code @RegisterExtension} field. It opens the browser
 * when a test first asks for it, leaves a screenshot of each of its windows when a test fails, and right after each
 * test, before the test's own {@code @AfterEach} stops the system the pages talk to, either closes it or, when the
 * class shares one browser between its tests, takes it back to one blank window. The last one closes after the class.
 */
final class BrowserExtension implements TestExecutionExceptionHandler, AfterTestExecutionCallback, AfterAllCallback {

  private final boolean sharedByClass;
  private Browser browser;

  private BrowserExtension(boolean sharedByClass) {
    this.sharedByClass = sharedByClass;
  }

  /** One browser for every test of the class: starting Chromium once saves seconds a test. */
  static BrowserExtension sharedByClass() {
    return new BrowserExtension(true);
  }

  /** A browser of its own for each test, opened where the test asks for it (after its system is up). */
  static BrowserExtension perTest() {
    return new BrowserExtension(false);
  }

  /** The browser, opened on first use for a user speaking {@code en-US}. */
  Browser browser() {
    return browser("en-US");
  }

  /** The browser, opened on first use for a user speaking {@code language} (see {@link Browser#Browser(String)}). */
  Browser browser(String language) {
    if (browser == null) {
      browser = new Browser(language);
    }
    return browser;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    if (browser != null) {
      browser.screenshotEachWindow("failed-" + context.getRequiredTestMethod().getName());
    }
    throw failure;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (browser == null) {
      return;
    }
    if (sharedByClass) {
      // Each test's gateway gets a new port, and its windows start from a blank tab.
      browser.reset();
    } else {
      close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (browser != null) {
      close();
    }
  }

  private void close() {
    try {
      browser.close();
    } finally {
      browser = null;
    }
  }
}
