package io.ticketping.deploy;

import io.ticketping.shared.config.AppConfig;
import io.ticketping.shared.observability.MetricsSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole system in a Vert.x with metrics, as Main creates it: after a purchase journey {@code /metrics} must carry
 * every domain series with the values that journey implies, and every metric name that the dashboard and the alert
 * rules query must be one this scrape exports.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class MetricsJourneyTest {

  private static final int HOLD_SECONDS = 10;
  private static final List<String> CONSUMERS = List.of("queue.slot-release", "booking.payment-outcomes",
    "payment.refunds");

  private Vertx vertx;
  private SystemFixture sys;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(), AppConfig.defaults()));
    sys = SystemFixture.start(vertx, config -> {
      config.getJsonObject("booking").put("holdSeconds", HOLD_SECONDS).put("sweepMillis", 200);
      config.getJsonObject("metrics").put("refreshMillis", 200);
    });
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("after a purchase, a seat conflict and an expired hold, /metrics shows each domain series with its value")
  void journey(VertxTestContext ctx) {
    Purchase ann = new Purchase(sys);
    Purchase bob = new Purchase(sys);
    SseWatch[] stream = new SseWatch[1];
    sys.demoShow(1)
      .compose(ids -> ann.show(ids).compose(v -> bob.show(ids)))
      .compose(v -> sys.user("ann@example.com")).compose(ann::buyer)
      .compose(v -> sys.user("bob@example.com")).compose(token -> {
        bob.token = token;
        return sys.enter(bob.showId, token);
      })
      .compose(entered -> {
        ctx.verify(() -> assertThat(entered.getString("status")).isEqualTo("WAITING"));
        return SseWatch.open(sys, bob.showId, bob.token);
      })
      .compose(watch -> {
        stream[0] = watch;
        return watch.first.future();
      })
      .compose(v -> scrapeUntil(s -> s.value("ticketping_queue_streams_open", "show", show(bob)) == 1
        && s.value("ticketping_queue_waiting", "show", show(bob)) == 1, 10))
      .compose(waiting -> {
        ctx.verify(() -> {
          assertThat(waiting.value("ticketping_queue_streams_open", "show", show(bob))).isEqualTo(1);
          assertThat(waiting.value("ticketping_queue_waiting", "show", show(bob))).isEqualTo(1);
          assertThat(waiting.value("ticketping_queue_working", "show", show(bob))).as("Ann").isEqualTo(1);
          assertThat(waiting.value("ticketping_queue_last_eta_seconds", "show", show(bob)))
            .as("Bob waits a while").isPositive();
        });
        return ann.holdFirstSeat();
      })
      .compose(order -> sys.pay(ann.token, ann.pass, UUID.randomUUID().toString(), ann.orderId, ann.amount))
      .compose(paid -> {
        ctx.verify(() -> assertThat(paid.bodyAsJsonObject().getString("status")).isEqualTo("APPROVED"));
        // Ann's purchase frees her slot: Bob is admitted, his stream says so and ends.
        return stream[0].ended.future();
      })
      .compose(text -> {
        ctx.verify(() -> assertThat(text).contains("event: admitted"));
        return sys.client.get("/api/v1/queue/" + bob.showId).bearerTokenAuthentication(bob.token).send();
      })
      .compose(status -> {
        bob.pass = status.bodyAsJsonObject().getString("pass");
        return sys.hold(bob.token, bob.pass, bob.scheduleId, ann.seatId);
      })
      .compose(conflict -> {
        ctx.verify(() -> assertThat(conflict.statusCode()).as("Ann's seat").isEqualTo(409));
        return bob.holdFirstSeat(); // left unpaid: it expires
      })
      .compose(held -> scrapeUntil(s -> s.value("ticketping_holds_expired_total", "show", show(bob)) == 1
        && s.value("ticketping_seats_sold_total", "show", show(bob)) == 1
        && s.value("ticketping_queue_streams_open", "show", show(bob)) == 0
        && s.value("ticketping_queue_waiting", "show", show(bob)) == 0
        && s.value("ticketping_outbox_backlog") == 0
        && s.value("ticketping_consumer_lag") == 0, HOLD_SECONDS + 30))
      .onComplete(ctx.succeeding(s -> ctx.verify(() -> {
        String show = show(bob);
        assertThat(s.value("ticketping_queue_waiting", "show", show)).isZero();
        assertThat(s.value("ticketping_queue_working", "show", show)).as("Bob holds the pass").isEqualTo(1);
        assertThat(s.value("ticketping_queue_admitted_total", "show", show)).as("Ann, then Bob").isEqualTo(2);
        assertThat(s.value("ticketping_queue_last_eta_seconds", "show", show)).as("nobody waits").isZero();
        assertThat(s.value("ticketping_queue_passes_expired_total", "show", show)).isZero();
        assertThat(s.value("ticketping_queue_ghosts_dropped_total", "show", show)).isZero();
        assertThat(s.value("ticketping_queue_streams_open", "show", show)).as("Bob's stream ended").isZero();
        assertThat(s.value("ticketping_holds_placed_total", "show", show)).as("Ann's and Bob's").isEqualTo(2);
        assertThat(s.value("ticketping_holds_expired_total", "show", show)).as("Bob's").isEqualTo(1);
        assertThat(s.value("ticketping_seats_sold_total", "show", show)).as("Ann's one seat").isEqualTo(1);
        assertThat(s.value("ticketping_seat_conflicts_total", "show", show)).isEqualTo(1);
        assertThat(s.value("ticketping_payments_total", "result", "APPROVED")).isEqualTo(1);
        assertThat(s.value("ticketping_payments_total")).as("no other payment results").isEqualTo(1);
        assertThat(s.value("ticketping_breaker_state", "breaker", "payment-provider")).as("closed").isZero();
        assertThat(s.value("ticketping_breaker_state", "breaker", "payment-refunds")).as("closed").isZero();
        assertThat(s.value("ticketping_payments_unsettled", "status", "UNKNOWN")).as("nothing unsettled").isZero();
        assertThat(s.value("ticketping_payments_reconciled_total")).as("every answer came back").isZero();
        assertThat(s.value("ticketping_outbox_backlog")).isZero();
        assertThat(s.value("ticketping_outbox_oldest_age_seconds")).isZero();
        for (String consumer : CONSUMERS) {
          assertThat(s.value("ticketping_consumer_lag", "consumer", consumer)).as(consumer).isZero();
          assertThat(s.value("ticketping_events_dead_lettered_total", "consumer", consumer)).as(consumer).isZero();
        }
        assertThat(s.value("vertx_http_server_requests_total", "route", "/api/v1/payments", "code", "200"))
          .isEqualTo(1);
        assertThat(s.value("vertx_http_server_response_time_seconds_count", "route", "/api/v1/orders",
          "code", "409")).isEqualTo(1);
        assertThat(s.names()).contains("vertx_http_server_response_time_seconds_bucket",
          "vertx_eventbus_processed_total", "process_cpu_usage");
        assertThat(MonitoringFiles.referencedMetricNames())
          .as("metric names the dashboard and the alert rules query")
          .isNotEmpty()
          .allSatisfy(name -> assertThat(s.names()).contains(name));
        ctx.completeNow();
      })));
  }

  private static String show(Purchase p) {
    return Long.toString(p.showId);
  }

  /** Scrapes {@code /metrics} every 100 ms until {@code done} holds or about {@code seconds} pass; the last scrape. */
  private Future<Scrape> scrapeUntil(Predicate<Scrape> done, int seconds) {
    return sys.eventually(() -> sys.client.get("/metrics").send().map(HttpResponse::bodyAsString).map(Scrape::new),
      done, seconds);
  }
}
