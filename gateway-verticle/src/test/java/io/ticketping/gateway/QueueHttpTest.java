package io.ticketping.gateway;

import io.ticketping.gateway.queue.pass.PassGuard;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.Waits;
import io.vertx.core.Future;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The waiting room through the gateway: enter, poll, leave, passes and the admin controls. */
@ExtendWith(VertxExtension.class)
class QueueHttpTest {

  private GatewayFixture gw;
  private String admin;

  @BeforeEach
  void start(Vertx vertx) {
    gw = GatewayFixture.startWithQueue(vertx, config -> { });
    admin = gw.tokenFor(999_999, "ADMIN");
  }

  @Test
  @DisplayName("an admitted user gets a pass that the guard accepts for that show only, until the user leaves")
  void passLifecycle(VertxTestContext ctx) {
    String ann = gw.tokenFor(1, "USER");
    configure("show-a", new JsonObject().put("capacity", 10))
      .compose(v -> configure("show-b", new JsonObject().put("capacity", 10)))
      .compose(v -> gw.client.post("/api/v1/queue/show-a").bearerTokenAuthentication(ann).send())
      .compose(entered -> {
        JsonObject body = entered.bodyAsJsonObject();
        ctx.verify(() -> {
          assertThat(entered.statusCode()).isEqualTo(200);
          assertThat(body.getString("status")).isEqualTo("ADMITTED");
          assertThat(body.getLong("passExpiresAt")).isGreaterThan(System.currentTimeMillis());
          assertThat(body.getString("pass")).isNotBlank();
        });
        String pass = body.getString("pass");
        return passCall("show-a", ann, pass)
          .compose(own -> passCall("show-b", ann, pass).map(other -> new HttpResponse<?>[] {own, other}))
          .compose(two -> passCall("show-a", ann, tamper(pass)).map(t -> new HttpResponse<?>[] {two[0], two[1], t}))
          .compose(three -> passCall("show-a", gw.tokenFor(2, "USER"), pass)
            .map(s -> new HttpResponse<?>[] {three[0], three[1], three[2], s}))
          .compose(four -> gw.client.delete("/api/v1/queue/show-a").bearerTokenAuthentication(ann).send()
            .compose(left -> passCall("show-a", ann, pass))
            .map(revoked -> new HttpResponse<?>[] {four[0], four[1], four[2], four[3], revoked}));
      })
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertThat(r[0].statusCode()).as("own pass").isEqualTo(200);
        assertThat(r[1].statusCode()).as("another show's pass").isEqualTo(403);
        assertThat(r[2].statusCode()).as("tampered pass").isEqualTo(401);
        assertThat(r[3].statusCode()).as("someone else's pass").isEqualTo(403);
        assertThat(r[4].statusCode()).as("pass after leaving").isEqualTo(401);
        assertThat(r[4].bodyAsJsonObject().getString("type")).endsWith("queue-pass-invalid");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("300 users entering at once each get one place of 1..300, sent to the queue service in batches")
  void entriesAtOnceAreBatched(Vertx vertx, VertxTestContext ctx) {
    int users = 300;
    AtomicInteger batches = new AtomicInteger();
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (QueueAddresses.ENTER_MANY.equals(delivery.message().address())) {
        batches.incrementAndGet();
      }
      delivery.next();
    });
    List<Future<HttpResponse<Buffer>>> entries = new ArrayList<>();
    configure("burst", new JsonObject().put("capacity", 0))
      .compose(v -> {
        for (int i = 1; i <= users; i++) {
          entries.add(gw.client.post("/api/v1/queue/burst").bearerTokenAuthentication(gw.tokenFor(i, "USER")).send());
        }
        return Future.all(entries);
      })
      // Entering again keeps the place.
      .compose(all -> gw.client.post("/api/v1/queue/burst").bearerTokenAuthentication(gw.tokenFor(7, "USER")).send())
      .onComplete(ctx.succeeding(again -> ctx.verify(() -> {
        List<Long> places = new ArrayList<>();
        for (Future<HttpResponse<Buffer>> entry : entries) {
          assertThat(entry.result().statusCode()).isEqualTo(200);
          assertThat(entry.result().bodyAsJsonObject().getString("status")).isEqualTo("WAITING");
          places.add(entry.result().bodyAsJsonObject().getLong("position"));
        }
        assertThat(places).as("one place each, none twice").containsExactlyInAnyOrderElementsOf(
          LongStream.rangeClosed(1, users).boxed().toList());
        assertThat(again.bodyAsJsonObject().getLong("position")).isEqualTo(places.get(6));
        assertThat(batches.get()).as("event-bus messages for %d entries", users).isBetween(1, users - 1);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("an expired pass is refused with 401")
  void expiredPass(Vertx vertx, VertxTestContext ctx) {
    String ann = gw.tokenFor(1, "USER");
    configure("short", new JsonObject().put("capacity", 10).put("passTtlSeconds", 1))
      .compose(v -> gw.client.post("/api/v1/queue/short").bearerTokenAuthentication(ann).send())
      .compose(entered -> Waits.later(vertx, 2500).map(entered.bodyAsJsonObject().getString("pass")))
      .compose(pass -> passCall("short", ann, pass))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertThat(r.statusCode()).isEqualTo(401);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("when the working set is full newcomers wait in order, polling keeps the place, and GET after DELETE is 404")
  void waitPollLeave(VertxTestContext ctx) {
    configure("full", new JsonObject().put("capacity", 1))
      .compose(v -> enter("full", 1))
      .compose(a -> enter("full", 2))
      .compose(b -> enter("full", 3))
      .compose(c -> enter("full", 3).map(again -> new JsonObject[] {c.bodyAsJsonObject(), again.bodyAsJsonObject()}))
      .compose(c -> gw.client.get("/api/v1/queue/full").bearerTokenAuthentication(gw.tokenFor(3, "USER")).send()
        .map(poll -> new Object[] {c[0], c[1], poll}))
      .compose(r -> gw.client.delete("/api/v1/queue/full").bearerTokenAuthentication(gw.tokenFor(3, "USER")).send()
        .compose(d -> gw.client.get("/api/v1/queue/full").bearerTokenAuthentication(gw.tokenFor(3, "USER")).send())
        .map(gone -> new Object[] {r[0], r[1], r[2], gone}))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        JsonObject third = (JsonObject) r[0];
        assertThat(third.getString("status")).isEqualTo("WAITING");
        assertThat(third.getLong("position")).isEqualTo(2);
        assertThat(third.getLong("total")).isEqualTo(2);
        assertThat(third.containsKey("pass")).isFalse();
        assertThat(((JsonObject) r[1]).getLong("position")).as("entering again keeps the place").isEqualTo(2);
        HttpResponse<?> poll = (HttpResponse<?>) r[2];
        assertThat(poll.statusCode()).isEqualTo(200);
        assertThat(poll.bodyAsJsonObject().getLong("position")).isEqualTo(2);
        HttpResponse<?> gone = (HttpResponse<?>) r[3];
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.getHeader("Content-Type")).isEqualTo("application/problem+json");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("the admin pauses and resumes a queue and reads its sizes; a USER may not")
  void adminControls(VertxTestContext ctx) {
    String ann = gw.tokenFor(1, "USER");
    configure("ctl", new JsonObject().put("capacity", 5).put("opensAt", "2020-01-01T00:00:00Z"))
      .compose(v -> gw.client.post("/api/v1/admin/shows/ctl/queue/pause").bearerTokenAuthentication(admin).send())
      .compose(paused -> enter("ctl", 1).map(e -> new HttpResponse<?>[] {paused, e}))
      .compose(r -> gw.client.post("/api/v1/admin/shows/ctl/queue/resume").bearerTokenAuthentication(admin).send()
        .map(resumed -> new HttpResponse<?>[] {r[0], r[1], resumed}))
      .compose(r -> gw.client.get("/api/v1/admin/shows/ctl/queue").bearerTokenAuthentication(admin).send()
        .map(stats -> new HttpResponse<?>[] {r[0], r[1], r[2], stats}))
      .compose(r -> gw.client.post("/api/v1/admin/shows/ctl/queue/pause").bearerTokenAuthentication(ann).send()
        .map(forbidden -> new HttpResponse<?>[] {r[0], r[1], r[2], r[3], forbidden}))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertThat(r[0].bodyAsJsonObject().getString("state")).isEqualTo("PAUSED");
        assertThat(r[1].bodyAsJsonObject().getString("status")).as("no admission while paused").isEqualTo("WAITING");
        assertThat(r[2].bodyAsJsonObject().getString("state")).isEqualTo("OPEN");
        assertThat(r[3].statusCode()).isEqualTo(200);
        assertThat(r[3].bodyAsJsonObject().getInteger("capacity")).isEqualTo(5);
        assertThat(r[4].statusCode()).isEqualTo(403);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("the admin closes, drains and reopens a queue: a newcomer is answered 200 CLOSED without a place, a "
    + "waiter keeps theirs, a draining line is still let in; a USER may not close or drain")
  void closeAndDrain() {
    configure("door", new JsonObject().put("capacity", 1).put("idleTimeoutSeconds", 600)).await();
    assertThat(enter("door", 1).await().bodyAsJsonObject().getString("status")).isEqualTo("ADMITTED");
    assertThat(enter("door", 2).await().bodyAsJsonObject().getLong("position")).isEqualTo(1);

    HttpResponse<Buffer> closed = adminPost("door", "close", admin);
    assertThat(closed.statusCode()).isEqualTo(200);
    assertThat(closed.bodyAsJsonObject().getString("state")).isEqualTo("CLOSED");
    assertThat(closed.bodyAsJsonObject().getLong("waiting")).isEqualTo(1);
    HttpResponse<Buffer> refused = enter("door", 3).await();
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.bodyAsJsonObject().getString("status")).isEqualTo("CLOSED");
    assertThat(refused.bodyAsJsonObject().getValue("position")).isNull();
    assertThat(refused.bodyAsJsonObject().containsKey("pass")).isFalse();
    HttpResponse<Buffer> waiter = gw.client.get("/api/v1/queue/door")
      .bearerTokenAuthentication(gw.tokenFor(2, "USER")).send().await();
    assertThat(waiter.bodyAsJsonObject().getString("status")).isEqualTo("CLOSED");
    assertThat(waiter.bodyAsJsonObject().getLong("position")).isEqualTo(1);

    HttpResponse<Buffer> draining = adminPost("door", "drain", admin);
    assertThat(draining.bodyAsJsonObject().getString("state")).isEqualTo("DRAINING");
    assertThat(enter("door", 3).await().bodyAsJsonObject().getString("status")).isEqualTo("CLOSED");
    // The admitted buyer is done: the draining line's head is let in at the next tick.
    assertThat(gw.client.delete("/api/v1/queue/door").bearerTokenAuthentication(gw.tokenFor(1, "USER")).send()
      .await().statusCode()).isEqualTo(204);
    long until = System.currentTimeMillis() + 5000;
    JsonObject head = null;
    while (System.currentTimeMillis() < until && (head == null || !"ADMITTED".equals(head.getString("status")))) {
      Waits.later(gw.vertx, 50).await();
      head = enter("door", 2).await().bodyAsJsonObject();
    }
    assertThat(head.getString("status")).as("the line is still served").isEqualTo("ADMITTED");
    assertThat(head.getString("pass")).isNotBlank();

    assertThat(adminPost("door", "close", gw.tokenFor(1, "USER")).statusCode()).isEqualTo(403);
    assertThat(adminPost("door", "drain", gw.tokenFor(1, "USER")).statusCode()).isEqualTo(403);
    assertThat(adminPost("door", "resume", admin).bodyAsJsonObject().getString("state")).isEqualTo("OPEN");
    assertThat(enter("door", 3).await().bodyAsJsonObject().getString("status")).as("newcomers join again")
      .isEqualTo("WAITING");
  }

  @Test
  @DisplayName("the public key is served as a JWKS")
  void jwks(VertxTestContext ctx) {
    gw.client.get("/.well-known/jwks.json").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      JsonObject key = r.bodyAsJsonObject().getJsonArray("keys").getJsonObject(0);
      assertThat(key.getString("kty")).isEqualTo("EC");
      assertThat(key.getString("crv")).isEqualTo("P-256");
      assertThat(key.getString("alg")).isEqualTo("ES256");
      assertThat(key.getString("x")).hasSize(43);
      assertThat(key.getString("y")).hasSize(43);
      assertThat(key.containsKey("d")).as("never the private part").isFalse();
      ctx.completeNow();
    })));
  }

  private Future<Void> configure(String show, JsonObject settings) {
    return gw.client.put("/api/v1/admin/shows/" + show + "/queue").bearerTokenAuthentication(admin)
      .sendJsonObject(settings)
      .map(r -> {
        if (r.statusCode() != 200) {
          throw new AssertionError("configure " + show + ": " + r.statusCode() + " " + r.bodyAsString());
        }
        return null;
      });
  }

  private HttpResponse<Buffer> adminPost(String show, String action, String token) {
    return gw.client.post("/api/v1/admin/shows/" + show + "/queue/" + action).bearerTokenAuthentication(token).send()
      .await();
  }

  private Future<HttpResponse<Buffer>> enter(String show, long userId) {
    return gw.client.post("/api/v1/queue/" + show).bearerTokenAuthentication(gw.tokenFor(userId, "USER")).send();
  }

  private Future<HttpResponse<Buffer>> passCall(String show, String token, String pass) {
    return gw.client.get("/api/v1/queue/" + show + "/pass").bearerTokenAuthentication(token)
      .putHeader(PassGuard.HEADER, pass).send();
  }

  /** The same pass with one character of its payload changed: the signature no longer matches. */
  private static String tamper(String pass) {
    int at = pass.indexOf('.') + 5;
    char flipped = pass.charAt(at) == 'A' ? 'B' : 'A';
    return pass.substring(0, at) + flipped + pass.substring(at + 1);
  }
}
