package io.ticketping.gateway;

import io.ticketping.gateway.queue.pass.PassGuard;
import io.ticketping.shared.queue.QueueAddresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The Server-Sent Events queue stream against the real queue service and Redis. */
@ExtendWith(VertxExtension.class)
class QueueStreamTest {

  private GatewayFixture gw;
  private HttpClient http;

  @BeforeEach
  void start(Vertx vertx) {
    gw = GatewayFixture.startWithQueue(vertx, config -> { });
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(2200));
  }

  @Test
  @DisplayName("a streaming client sees its position fall, then gets a pass the guard accepts; a resume (Last-Event-ID, "
    + "or lastEventId in the query) keeps the admitted event and the numbering")
  void positionFallsThenAdmitted(Vertx vertx, VertxTestContext ctx) {
    String carol = gw.tokenFor(3, "USER");
    gw.admin("PUT", "/api/v1/admin/shows/sse/queue", new JsonObject().put("capacity", 1))
      .compose(v -> gw.enter("sse", 1)).compose(v -> gw.enter("sse", 2)).compose(v -> gw.enter("sse", 3))
      .compose(v -> SseClient.open(http, gw.port, "/api/v1/queue/sse/stream", carol, null))
      .compose(stream -> stream.next(e -> e.name().equals("position"))
        .compose(first -> {
          ctx.verify(() -> assertThat(first.data().getLong("position")).isEqualTo(2));
          return leave("sse", 1);
        })
        .compose(v -> stream.next(e -> e.name().equals("position") && e.data().getLong("position") == 1))
        .compose(v -> leave("sse", 2))
        .compose(v -> stream.next(e -> e.name().equals("admitted")))
        .compose(admitted -> {
          ctx.verify(() -> {
            List<SseClient.Event> events = stream.events();
            assertThat(events).extracting(SseClient.Event::name).containsExactly("position", "position", "admitted");
            assertThat(events).extracting(SseClient.Event::id).containsExactly(1L, 2L, 3L);
          });
          String pass = admitted.data().getString("pass");
          return gw.client.get("/api/v1/queue/sse/pass").bearerTokenAuthentication(carol)
            .putHeader(PassGuard.HEADER, pass).send()
            .compose(guarded -> SseClient.open(http, gw.port, "/api/v1/queue/sse/stream", carol, "2")
              .compose(resumed -> resumed.next(e -> e.name().equals("admitted")))
              // A page's new EventSource cannot send the header: the last id comes in the query instead.
              .compose(again -> SseClient.open(http, gw.port, "/api/v1/queue/sse/stream?lastEventId=6", carol, null)
                .compose(resumed -> resumed.next(e -> e.name().equals("admitted")))
                .map(byQuery -> new Object[] {guarded, again, byQuery})));
        }))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertThat(((io.vertx.ext.web.client.HttpResponse<?>) r[0]).statusCode()).isEqualTo(200);
        SseClient.Event again = (SseClient.Event) r[1];
        assertThat(again.id()).as("numbering continues after Last-Event-ID").isEqualTo(3);
        assertThat(((SseClient.Event) r[2]).id()).as("numbering continues after ?lastEventId").isEqualTo(7);
        assertThat(again.data().getString("pass")).isNotBlank();
        ctx.completeNow();
      })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("an open stream alone keeps a waiter's place past the idle timeout, while a silent waiter loses it")
  void openStreamKeepsThePlace(Vertx vertx, VertxTestContext ctx) {
    // Nobody is admitted (capacity 0), and 1 s of silence (the least the settings allow) makes a ghost; the fixture
    // ticks every 100 ms, so 3 s is many ticks past the timeout. Ann only holds her stream open; Bob does nothing.
    String ann = gw.tokenFor(21, "USER");
    String bob = gw.tokenFor(22, "USER");
    String show = "/api/v1/queue/keep";
    SseClient[] stream = new SseClient[1];
    gw.admin("PUT", "/api/v1/admin/shows/keep/queue", new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 1))
      .compose(v -> gw.enter("keep", 22)).compose(v -> gw.enter("keep", 21))
      .compose(v -> SseClient.open(http, gw.port, show + "/stream", ann, null))
      .compose(opened -> {
        stream[0] = opened;
        return opened.next(e -> e.name().equals("position"));
      })
      .compose(first -> {
        ctx.verify(() -> assertThat(first.data().getLong("position")).as("behind Bob").isEqualTo(2));
        return vertx.timer(3000);
      })
      .compose(v -> gw.client.get(show).bearerTokenAuthentication(ann).send()
        .compose(annPoll -> gw.client.get(show).bearerTokenAuthentication(bob).send()
          .map(bobPoll -> List.of(annPoll, bobPoll))))
      .onComplete(ctx.succeeding(polls -> ctx.verify(() -> {
        stream[0].close();
        var annPoll = polls.get(0);
        var bobPoll = polls.get(1);
        assertThat(annPoll.statusCode()).as("the streaming waiter: " + annPoll.bodyAsString()).isEqualTo(200);
        assertThat(annPoll.bodyAsJsonObject().getString("status")).isEqualTo("WAITING");
        assertThat(annPoll.bodyAsJsonObject().getLong("position")).as("Bob ahead of her was dropped").isEqualTo(1);
        assertThat(bobPoll.statusCode()).as("the silent waiter: " + bobPoll.bodyAsString()).isEqualTo(404);
        assertThat(bobPoll.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(stream[0].events()).extracting(SseClient.Event::name).doesNotContain("admitted");
        assertThat(stream[0].events()).as("the stream told her when Bob was dropped")
          .anyMatch(e -> e.name().equals("position") && e.data().getLong("position") == 1);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a stream says soldout when the last seat goes (for now, then for good) and keeps the place, position "
    + "when a seat comes back, closed when the queue closes, and stays open throughout")
  void soldOutAndClosedEvents() {
    // Nobody is admitted (capacity 0): the stream's events come from the seats and the queue's state alone.
    gw.admin("PUT", "/api/v1/admin/shows/ends/queue", new JsonObject().put("capacity", 0).put("idleTimeoutSeconds", 600))
      .await();
    gw.enter("ends", 1).await();
    gw.enter("ends", 2).await();
    SseClient stream = SseClient.open(http, gw.port, "/api/v1/queue/ends/stream", gw.tokenFor(2, "USER"), null)
      .await();
    SseClient.Event first = next(stream, e -> e.name().equals("position"));
    assertThat(first.data().getLong("position")).isEqualTo(2);

    seats("ends", 0, 3, 1);
    SseClient.Event forNow = next(stream, e -> e.name().equals("soldout"));
    assertThat(forNow.data().getString("status")).isEqualTo("SOLD_OUT");
    assertThat(forNow.data().getString("soldOut")).isEqualTo("FOR_NOW");
    assertThat(forNow.data().getLong("position")).as("the place is kept").isEqualTo(2);
    seats("ends", 0, 0, 2);
    SseClient.Event forGood = next(stream, e -> e.name().equals("soldout") && e.id() > forNow.id());
    assertThat(forGood.data().getString("soldOut")).isEqualTo("FOR_GOOD");
    seats("ends", 1, 0, 3);
    SseClient.Event back = next(stream, e -> e.name().equals("position") && e.id() > forGood.id());
    assertThat(back.data().getString("status")).isEqualTo("WAITING");
    assertThat(back.data().getLong("position")).isEqualTo(2);

    gw.admin("POST", "/api/v1/admin/shows/ends/queue/close", null).await();
    SseClient.Event closed = next(stream, e -> e.name().equals("closed"));
    assertThat(closed.data().getString("status")).isEqualTo("CLOSED");
    assertThat(closed.data().getLong("position")).isEqualTo(2);
    gw.admin("POST", "/api/v1/admin/shows/ends/queue/resume", null).await();
    SseClient.Event reopened = next(stream, e -> e.name().equals("position") && e.id() > closed.id());
    assertThat(reopened.data().getString("state")).isEqualTo("OPEN");
    stream.close();
    assertThat(stream.events()).extracting(SseClient.Event::name)
      .containsExactly("position", "soldout", "soldout", "position", "closed", "position");
  }

  @Test
  @DisplayName("a stream for a show the caller is not waiting in is a 404 problem, not an empty stream")
  void notInLine(VertxTestContext ctx) {
    gw.admin("PUT", "/api/v1/admin/shows/sse/queue", new JsonObject().put("capacity", 1))
      .compose(v -> gw.client.get("/api/v1/queue/sse/stream").bearerTokenAuthentication(gw.tokenFor(5, "USER")).send())
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        ctx.completeNow();
      })));
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  @DisplayName("2,000 open streams on one JVM all hear the queue resume within 3 s, and the 100 admitted their pass "
    + "within 3 s of the tick that admitted them")
  void twoThousandStreams(Vertx vertx, VertxTestContext ctx) {
    int users = 2000;
    List<SseClient> streams = new ArrayList<>();
    List<Long> tickTimes = new ArrayList<>();
    long[] resumedAt = new long[1];
    gw.admin("PUT", "/api/v1/admin/shows/big/queue", new JsonObject().put("capacity", 100).put("idleTimeoutSeconds", 600))
      .compose(v -> gw.admin("POST", "/api/v1/admin/shows/big/queue/pause", null))
      .compose(v -> GatewayFixture.inBatches(users, 200, i -> gw.enter("big", i + 1)))
      .compose(v -> GatewayFixture.inBatches(users, 200, i -> SseClient.open(http, gw.port, "/api/v1/queue/big/stream",
        gw.tokenFor(i + 1, "USER"), null).map(s -> {
          synchronized (streams) {
            streams.add(s);
          }
          return null;
        })))
      .compose(v -> Future.all(streams.stream().map(s -> s.next(e -> e.name().equals("position"))).toList()))
      .compose(v -> {
        vertx.eventBus().<JsonObject>consumer(QueueAddresses.TICKED, m -> {
          if (!m.body().getJsonArray("admitted", new io.vertx.core.json.JsonArray()).isEmpty()) {
            synchronized (tickTimes) {
              tickTimes.add(System.currentTimeMillis());
            }
          }
        });
        resumedAt[0] = System.currentTimeMillis();
        return gw.admin("POST", "/api/v1/admin/shows/big/queue/resume", null);
      })
      .compose(v -> Future.all(streams.stream().map(s -> s.next(e -> e.id() > 1)).toList()))
      .compose(heard -> vertx.timer(3_000).map(heard))
      .onComplete(ctx.succeeding(heard -> ctx.verify(() -> {
        long tick;
        synchronized (tickTimes) {
          assertThat(tickTimes).isNotEmpty();
          tick = tickTimes.get(0);
        }
        List<SseClient.Event> first = heard.list();
        long lastHeard = first.stream().mapToLong(SseClient.Event::receivedAtMillis).max().orElseThrow();
        List<SseClient.Event> admitted = streams.stream().flatMap(s -> s.events().stream())
          .filter(e -> e.name().equals("admitted")).toList();
        long lastAdmitted = admitted.stream().mapToLong(SseClient.Event::receivedAtMillis).max().orElse(Long.MAX_VALUE);
        assertThat(first).hasSize(users);
        assertThat(lastHeard - resumedAt[0]).as("ms from the resume to the last stream told").isLessThanOrEqualTo(3000);
        assertThat(admitted).hasSize(100);
        assertThat(lastAdmitted - tick).as("ms from the admitting tick to the last pass streamed")
          .isLessThanOrEqualTo(3000);
        streams.forEach(SseClient::close);
        ctx.completeNow();
      })));
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  @DisplayName("near the head every move is streamed; far back a place waits a tenth of the wait, a new state never")
  void farBackWaitsItsTurn(Vertx vertx, VertxTestContext ctx) {
    int users = 400;
    SseClient[] front = new SseClient[1];
    SseClient[] back = new SseClient[1];
    gw.admin("PUT", "/api/v1/admin/shows/pace/queue", new JsonObject().put("capacity", 1000).put("admitPerMinute", 60)
      .put("idleTimeoutSeconds", 600))
      .compose(v -> gw.admin("POST", "/api/v1/admin/shows/pace/queue/pause", null))
      .compose(v -> GatewayFixture.inBatches(users, 50, i -> gw.enter("pace", i + 1)))
      .compose(v -> SseClient.open(http, gw.port, "/api/v1/queue/pace/stream", gw.tokenFor(20, "USER"), null))
      .compose(s -> {
        front[0] = s;
        return SseClient.open(http, gw.port, "/api/v1/queue/pace/stream", gw.tokenFor(users, "USER"), null);
      })
      .compose(s -> {
        back[0] = s;
        return Future.all(front[0].next(e -> e.name().equals("position")), s.next(e -> e.name().equals("position")));
      })
      .compose(v -> gw.admin("POST", "/api/v1/admin/shows/pace/queue/resume", null))
      // The resume is a change of state: both hear it at once.
      .compose(v -> Future.all(front[0].next(e -> e.id() > 1), back[0].next(e -> e.id() > 1)))
      .compose(v -> vertx.timer(6_000))
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        long frontMoves = front[0].events().stream().filter(e -> e.id() > 1).count();
        List<String> backAfterPause = back[0].events().stream().filter(e -> e.id() > 1)
          .map(e -> e.data().getString("state") + " " + e.data().getLong("position")).toList();
        assertThat(frontMoves).as("moves streamed to place 20 in 6 s of one admission a second")
          .isGreaterThanOrEqualTo(4);
        // Place 400, an estimated 400 s away: the resume, then nothing for 30 s although the line moved each second.
        assertThat(backAfterPause).as("events streamed to the back after the first").hasSize(1)
          .allMatch(e -> e.startsWith("OPEN "));
        front[0].close();
        back[0].close();
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a stream opened while the gateway's line of the show is fresh gets its first place from it, without a "
    + "call to the queue service")
  void firstPlaceFromTheLine(Vertx vertx) throws Exception {
    gw.admin("PUT", "/api/v1/admin/shows/fresh/queue", new JsonObject().put("capacity", 0)
      .put("idleTimeoutSeconds", 600)).await();
    gw.enter("fresh", 1).await();
    gw.enter("fresh", 2).await();
    // A first stream has the show's line read at every tick (100 ms here); a few ticks later it holds user 2 too.
    SseClient first = SseClient.open(http, gw.port, "/api/v1/queue/fresh/stream", gw.tokenFor(1, "USER"), null).await();
    next(first, e -> e.name().equals("position"));
    vertx.timer(500).await();
    AtomicInteger statusCalls = new AtomicInteger();
    Handler<DeliveryContext<Object>> counter = delivery -> {
      if (delivery.message().address().equals(QueueAddresses.STATUS)) {
        statusCalls.incrementAndGet();
      }
      delivery.next();
    };
    vertx.eventBus().addInboundInterceptor(counter);
    SseClient second = SseClient.open(http, gw.port, "/api/v1/queue/fresh/stream", gw.tokenFor(2, "USER"), null)
      .await();
    SseClient.Event place = next(second, e -> e.name().equals("position"));
    vertx.eventBus().removeInboundInterceptor(counter);
    assertThat(place.data().getLong("position")).isEqualTo(2);
    assertThat(statusCalls.get()).as("queue-service status calls for the second stream").isZero();
    first.close();
    second.close();
  }

  /** The first event of the stream that matches, waiting at most 10 s for it. */
  private static SseClient.Event next(SseClient stream, Predicate<SseClient.Event> wanted) {
    try {
      return stream.next(wanted).await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no such event within 10 s; the stream sent " + stream.events(), e);
    }
  }

  /** Booking's count of the show's seats on sale, as booking sends it after a change. */
  private void seats(String show, long available, long held, long version) {
    gw.vertx.eventBus().request(QueueAddresses.SEATS, new JsonObject().put("showId", show).put("available", available)
      .put("held", held).put("version", version)).await();
  }

  private Future<Void> leave(String show, long userId) {
    return gw.client.delete("/api/v1/queue/" + show).bearerTokenAuthentication(gw.tokenFor(userId, "USER")).send()
      .mapEmpty();
  }
}
