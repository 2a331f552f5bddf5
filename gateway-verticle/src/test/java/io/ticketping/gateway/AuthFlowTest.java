package io.ticketping.gateway;

import io.ticketping.gateway.auth.AuthRoutes;
import io.ticketping.gateway.users.AdminAccount;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class AuthFlowTest {

  private GatewayFixture gw;

  @BeforeEach
  void start(Vertx vertx) {
    // No grace: a used token presented again at once is a reuse here, not a retried refresh.
    gw = GatewayFixture.start(vertx, config -> config.getJsonObject("jwt").put("refreshGraceSeconds", 0));
  }

  @Test
  @DisplayName("signup answers 201 with the account, and a second signup with the same email (any case) 409")
  void signupAndDuplicate(VertxTestContext ctx) {
    gw.signup("Ann@Example.com", "correct-horse", "Ann")
      .compose(first -> gw.signup("ann@example.COM", "another-pass", "Ann2").map(second -> new Object[] {first, second}))
      .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
        HttpResponse<?> first = (HttpResponse<?>) both[0];
        HttpResponse<?> second = (HttpResponse<?>) both[1];
        assertThat(first.statusCode()).isEqualTo(201);
        JsonObject body = first.bodyAsJsonObject();
        assertThat(body.getLong("userId")).isPositive();
        assertThat(body.getString("email")).isEqualTo("ann@example.com");
        assertThat(body.getString("nickname")).isEqualTo("Ann");
        assertThat(body.fieldNames()).doesNotContain("password", "passwordHash");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.getHeader("Content-Type")).isEqualTo("application/problem+json");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("login returns a bearer token and an HttpOnly refresh cookie, and the token opens /api/v1/me")
  void loginAndCall(VertxTestContext ctx) {
    gw.signup("bob@example.com", "correct-horse", "Bob")
      .compose(r -> gw.login("bob@example.com", "correct-horse"))
      .compose(login -> {
        ctx.verify(() -> {
          assertThat(login.statusCode()).isEqualTo(200);
          JsonObject body = login.bodyAsJsonObject();
          assertThat(body.getString("tokenType")).isEqualTo("Bearer");
          assertThat(body.getInteger("expiresIn")).isEqualTo(900);
          assertThat(login.cookies()).anySatisfy(c -> assertThat(c)
            .startsWith(AuthRoutes.REFRESH_COOKIE + "=").containsIgnoringCase("HttpOnly"));
        });
        return gw.client.get("/api/v1/me")
          .bearerTokenAuthentication(login.bodyAsJsonObject().getString("accessToken")).send();
      })
      .onComplete(ctx.succeeding(me -> ctx.verify(() -> {
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.bodyAsJsonObject().getString("email")).isEqualTo("bob@example.com");
        assertThat(me.bodyAsJsonObject().getString("role")).isEqualTo("USER");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a wrong password and an unknown email get the very same 401, with no hint which one it was")
  void wrongPasswordNoHint(VertxTestContext ctx) {
    gw.signup("cat@example.com", "correct-horse", "Cat")
      .compose(r -> gw.login("cat@example.com", "wrong-horse"))
      .compose(wrong -> gw.login("nobody@example.com", "wrong-horse").map(unknown -> new HttpResponse<?>[] {wrong, unknown}))
      .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
        assertThat(both[0].statusCode()).isEqualTo(401);
        assertThat(both[1].statusCode()).isEqualTo(401);
        assertThat(both[0].bodyAsString()).isEqualTo(both[1].bodyAsString());
        assertThat(both[0].cookies()).isEmpty();
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("refresh rotates the cookie: the new token works, the used one is refused, and logout revokes it")
  void refreshRotationAndLogout(VertxTestContext ctx) {
    gw.signup("dan@example.com", "correct-horse", "Dan")
      .compose(r -> gw.login("dan@example.com", "correct-horse"))
      .compose(login -> {
        String first = refreshCookie(login);
        return gw.client.post("/api/v1/auth/refresh").putHeader("Cookie", first).send()
          .compose(refreshed -> {
            ctx.verify(() -> assertThat(refreshed.statusCode()).isEqualTo(200));
            String second = refreshCookie(refreshed);
            return gw.client.post("/api/v1/auth/refresh").putHeader("Cookie", first).send()
              .compose(reused -> {
                ctx.verify(() -> {
                  assertThat(second).isNotEqualTo(first);
                  assertThat(reused.statusCode()).isEqualTo(401);
                  assertThat(refreshed.bodyAsJsonObject().getString("accessToken")).isNotBlank();
                });
                return gw.client.post("/api/v1/auth/logout").putHeader("Cookie", second).send();
              })
              .compose(logout -> {
                ctx.verify(() -> assertThat(logout.statusCode()).isEqualTo(204));
                return gw.client.post("/api/v1/auth/refresh").putHeader("Cookie", second).send();
              });
          });
      })
      .onComplete(ctx.succeeding(afterLogout -> ctx.verify(() -> {
        assertThat(afterLogout.statusCode()).isEqualTo(401);
        assertThat(afterLogout.getHeader("Content-Type")).isEqualTo("application/problem+json");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("an ADMIN-only route refuses a USER with 403 and serves the admin")
  void adminOnly(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = io.ticketping.shared.testing.TestServers.get().config();
    config.getJsonObject("admin").put("password", "admin-password");
    gw.userToken("eve@example.com")
      .compose(userToken -> gw.client.get("/api/v1/admin/users").bearerTokenAuthentication(userToken).send())
      .compose(asUser -> {
        ctx.verify(() -> assertThat(asUser.statusCode()).isEqualTo(403));
        return AdminAccount.ensure(vertx, config);
      })
      .compose(created -> gw.login("admin@ticketping.local", "admin-password"))
      .compose(login -> gw.client.get("/api/v1/admin/users")
        .bearerTokenAuthentication(login.bodyAsJsonObject().getString("accessToken")).send())
      .onComplete(ctx.succeeding(asAdmin -> ctx.verify(() -> {
        assertThat(asAdmin.statusCode()).isEqualTo(200);
        assertThat(asAdmin.bodyAsJsonObject().getJsonArray("items")).hasSize(2);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("the admin account is created once; a second start leaves it and its password alone")
  void adminAccountOnce(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = io.ticketping.shared.testing.TestServers.get().config();
    AdminAccount.ensure(vertx, config)
      .compose(first -> AdminAccount.ensure(vertx, config).map(second -> new String[] {first, second}))
      .onComplete(ctx.succeeding(lines -> ctx.verify(() -> {
        assertThat(lines[0]).contains("created").contains("password: ");
        assertThat(lines[1]).contains("exists").doesNotContain("password: ");
        ctx.completeNow();
      })));
  }

  private static String refreshCookie(HttpResponse<Buffer> response) {
    return response.cookies().stream()
      .filter(c -> c.startsWith(AuthRoutes.REFRESH_COOKIE + "="))
      .map(c -> c.substring(0, c.indexOf(';')))
      .findFirst()
      .orElseThrow(() -> new AssertionError("no refresh cookie in " + response.cookies()));
  }
}
