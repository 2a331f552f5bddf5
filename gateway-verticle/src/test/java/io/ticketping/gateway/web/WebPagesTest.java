package io.ticketping.gateway.web;

import io.ticketping.gateway.GatewayFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser pages next to the API: served at /, with their security headers, and leaving /api/* as it was. */
@ExtendWith(VertxExtension.class)
class WebPagesTest {

  @Test
  @DisplayName("/ is the app's HTML with a strict CSP, its modules are JavaScript, and unknown API addresses stay 404/405 problems")
  void pagesBesideTheApi(Vertx vertx, VertxTestContext ctx) {
    GatewayFixture gw = GatewayFixture.start(vertx);
    Future.all(List.of(gw.client.get("/").send(), gw.client.get("/assets/js/views/seats.js").send(),
        gw.client.get("/api/v1/nothing-here").send(), gw.client.request(HttpMethod.PUT, "/api/v1/nothing-here").send(),
        gw.client.request(HttpMethod.DELETE, "/").send(), gw.client.get("/no-such-page.html").send(),
        gw.client.get("/assets/app.css").send()))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        HttpResponse<Buffer> index = all.resultAt(0);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.getHeader("Content-Type")).startsWith("text/html");
        assertThat(index.bodyAsString()).contains("<main id=\"main\"", "/assets/js/app.js", "/assets/app.css");
        // Workers only from this origin's files: the waiting room's proof of work runs in one.
        assertThat(index.getHeader("Content-Security-Policy")).contains("default-src 'self'", "worker-src 'self'");
        HttpResponse<Buffer> module = all.resultAt(1);
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(module.getHeader("Content-Type")).contains("javascript");
        for (int i : new int[] {2, 3}) {
          HttpResponse<Buffer> api = all.resultAt(i);
          assertThat(api.statusCode()).as("unknown API address").isEqualTo(404);
          assertThat(api.getHeader("Content-Type")).isEqualTo("application/problem+json");
        }
        assertThat(all.<HttpResponse<Buffer>>resultAt(4).statusCode()).as("pages are read-only").isEqualTo(405);
        assertThat(all.<HttpResponse<Buffer>>resultAt(5).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> styles = all.resultAt(6);
        assertThat(styles.getHeader("Content-Type")).startsWith("text/css");
        assertThat(styles.bodyAsString()).contains(".seat-grid");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("page loads are not rate limited: 60 file requests pass where the per-address API bucket holds 5")
  void pagesAreNotRateLimited(Vertx vertx, VertxTestContext ctx) {
    GatewayFixture gw = GatewayFixture.start(vertx, config -> config.getJsonObject("rateLimit")
      .put("perIpCapacity", 5).put("perIpRefillPerSecond", 0.1));
    List<Future<HttpResponse<Buffer>>> loads = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      loads.add(gw.client.get(i % 2 == 0 ? "/" : "/assets/app.css").send());
    }
    Future.all(loads).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(loads).allSatisfy(load -> assertThat(load.result().statusCode()).isEqualTo(200));
        ctx.completeNow();
      })));
  }
}
