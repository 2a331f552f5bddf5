package io.ticketping.gateway.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The browser pages (classpath {@code webroot/}: plain HTML, CSS and JS modules, no build step): the page at {@code /},
 * its styles and modules under {@code /assets/}. Only those paths are routed, for GET, so every other address (unknown API paths, traversal attempts) keeps its
 * 404/405 problem. No rate limiter here: a page load is a handful of small cached files, and the API calls the page
 * then makes are limited per user as usual.
 */
public final class WebPages {

  /** The pages change with each release; browsers revalidate (cheap 304s) instead of keeping stale modules for a day. */
  static final long MAX_AGE_SECONDS = 60;
  static final String ROOT = "webroot";
  /**
   * The pages load only their own scripts and styles and talk only to this origin, so injected markup cannot run.
   * Workers too come only from this origin's files (the waiting room's proof of work), never from blob: or data: URLs.
   */
  private static final String POLICY = "default-src 'self'; img-src 'self' data:; worker-src 'self'; "
    + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private WebPages() {
  }

  public static void mount(Router router) {
    router.get("/").handler(WebPages::securityHeaders).handler(files(ROOT));
    // A wildcard route hands the handler the path below its prefix, hence the folder as the handler's root.
    router.get("/assets/*").handler(WebPages::securityHeaders).handler(files(ROOT + "/assets"));
  }

  static StaticHandler files(String root) {
    return StaticHandler.create(root)
      .setCachingEnabled(true)
      .setMaxAgeSeconds(MAX_AGE_SECONDS)
      .setDefaultContentEncoding("UTF-8")
      .setIncludeHidden(false);
  }

  /** Also the API docs page's: Swagger UI runs from this origin's files and draws nothing this policy forbids. */
  static void securityHeaders(RoutingContext ctx) {
    ctx.response()
      .putHeader("Content-Security-Policy", POLICY)
      .putHeader("X-Content-Type-Options", "nosniff")
      .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }
}
