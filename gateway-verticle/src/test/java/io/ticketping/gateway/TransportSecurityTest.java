package io.ticketping.gateway;

import io.ticketping.gateway.auth.AuthRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings of a gateway behind HTTPS (auth.secureCookie, http.hstsMaxAgeSeconds) and their plain-HTTP defaults. */
@ExtendWith(VertxExtension.class)
class TransportSecurityTest {

  private static final long YEAR = 31_536_000;

  @Test
  @DisplayName("as deployed behind TLS: the refresh cookie is Secure and every answer carries Strict-Transport-Security")
  void deployed(Vertx vertx, VertxTestContext ctx) {
    GatewayFixture gw = GatewayFixture.start(vertx, config -> {
      config.getJsonObject("auth").put("secureCookie", true);
      config.getJsonObject("http").put("hstsMaxAgeSeconds", YEAR);
    });
    gw.signup("tls@example.com", "correct-horse", "Tls")
      .compose(r -> gw.login("tls@example.com", "correct-horse"))
      .compose(login -> gw.client.get("/api/v1/no-such-route").send().map(notFound -> new Object[] {login, notFound}))
      .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
        HttpResponse<?> login = (HttpResponse<?>) both[0];
        HttpResponse<?> notFound = (HttpResponse<?>) both[1];
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(refreshCookie(login)).containsIgnoringCase("; Secure").containsIgnoringCase("HttpOnly");
        assertThat(login.getHeader("Strict-Transport-Security")).isEqualTo("max-age=" + YEAR);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.getHeader("Strict-Transport-Security")).isEqualTo("max-age=" + YEAR);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("the defaults, for plain HTTP in development: no Secure flag and no Strict-Transport-Security header")
  void developmentDefaults(Vertx vertx, VertxTestContext ctx) {
    GatewayFixture gw = GatewayFixture.start(vertx, config -> { });
    gw.signup("plain@example.com", "correct-horse", "Plain")
      .compose(r -> gw.login("plain@example.com", "correct-horse"))
      .onComplete(ctx.succeeding(login -> ctx.verify(() -> {
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(refreshCookie(login)).containsIgnoringCase("HttpOnly").doesNotContainIgnoringCase("Secure");
        assertThat(login.headers().contains("Strict-Transport-Security")).isFalse();
        ctx.completeNow();
      })));
  }

  private static String refreshCookie(HttpResponse<?> response) {
    return response.cookies().stream().filter(c -> c.startsWith(AuthRoutes.REFRESH_COOKIE + "=")).findFirst()
      .orElseThrow();
  }
}
