package io.ticketping.gateway.web;

import io.vertx.ext.web.Router;

/**
 * The API document at {@code /openapi.yaml}, and at {@code /docs} a page that shows it with Swagger UI: the page and
 * its start-up script from {@code webroot/docs/}, Swagger UI's own files from its webjar on the classpath (no CDN),
 * all under the pages' Content-Security-Policy.
 */
public final class ApiDocs {

  /** Swagger UI's files inside its webjar, whose folder is named for the webjar's version ({@code swagger-ui.version}). */
  static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.35.0";
  private static final String PAGES = WebPages.ROOT + "/docs";

  private ApiDocs() {
  }

  public static void mount(Router router) {
    router.get("/openapi.yaml").handler(ctx -> ctx.response()
      .putHeader("Content-Type", "application/yaml; charset=utf-8")
      .putHeader("Cache-Control", "public, max-age=" + WebPages.MAX_AGE_SECONDS)
      .putHeader("X-Content-Type-Options", "nosniff")
      .sendFile(ApiContract.DOCUMENT));
    router.get("/docs").handler(WebPages::securityHeaders).handler(ctx -> ctx.response()
      .putHeader("Content-Type", "text/html; charset=utf-8")
      .sendFile(PAGES + "/index.html"));
    // The page's own files first; what is not one of them is Swagger UI's (a miss in one handler goes to the next).
    router.get("/docs/*").handler(WebPages::securityHeaders).handler(WebPages.files(PAGES))
      .handler(WebPages.files(SWAGGER_UI));
  }
}
