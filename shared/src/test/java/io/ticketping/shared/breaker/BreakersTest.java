package io.ticketping.shared.breaker;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.events.Failures;
import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.problem.ProblemException;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ticketping.shared.testing.Outcomes.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared breaker factory, against a service on the event bus: which failures count, the states it goes through,
 * and the gauge that exports them.
 */
class BreakersTest {

  private static final JsonObject SETTINGS = new JsonObject().put("maxFailures", 2).put("resetMs", 400);
  private static final long TIMEOUT_MS = 300;

  private Vertx vertx;
  private Hop hop;
  private ServiceCalls calls;
  private final AtomicInteger served = new AtomicInteger();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(MetricsSetup.withMetrics(new VertxOptions(),
      new JsonObject().put("metrics", new JsonObject().put("enabled", true))));
    hop = Breakers.hop(vertx, "test-hop", SETTINGS);
    calls = new ServiceCalls(vertx.eventBus(), TIMEOUT_MS, Map.of("svc", hop));
    // A service that answers, refuses with a 409 problem, or never answers, as the body asks.
    vertx.eventBus().<JsonObject>consumer("svc.work", message -> {
      served.incrementAndGet();
      switch (message.body().getString("do")) {
        case "conflict" -> message.fail(409, Problem.conflict("Seat taken.").toJson().encode());
        case "hang" -> { }
        default -> message.reply(new JsonObject().put("done", true));
      }
    }).completion().await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("business answers (a 409 problem, a 4xx ProblemException) never open the breaker and reach the caller "
    + "unchanged")
  void businessAnswersDoNotCount() {
    for (int i = 0; i < 5; i++) {
      Throwable failure = failureOf(call("conflict"));
      assertThat(failure).isInstanceOf(ReplyException.class);
      assertThat(((ReplyException) failure).failureCode()).isEqualTo(409);
    }
    for (int i = 0; i < 5; i++) {
      Throwable failure = failureOf(hop.call(() -> Future.failedFuture(Problem.notFound("No such order.")
        .toException())));
      assertThat(failure).isInstanceOf(ProblemException.class);
    }
    assertThat(hop.state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(gauge()).isEqualTo(Breakers.CLOSED);
  }

  @Test
  @DisplayName("no handler counts: the breaker opens, refuses at once with 503 and the reset time as Retry-After "
    + "without calling the service, goes half-open after the reset time and closes on a good call")
  void opensOnNoHandlersThenRecovers() {
    assertThat(gauge()).isEqualTo(Breakers.CLOSED);
    for (int i = 0; i < 2; i++) {
      Throwable failure = failureOf(calls.request("svc.missing", new JsonObject()));
      assertThat(((ReplyException) failure).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
    }
    assertThat(hop.state()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(gauge()).isEqualTo(Breakers.OPEN);

    long began = System.nanoTime();
    Throwable refused = failureOf(call("work"));
    long tookMs = (System.nanoTime() - began) / 1_000_000;
    assertThat(refused).isInstanceOf(ProblemException.class);
    assertThat(((ProblemException) refused).problem().status()).isEqualTo(503);
    assertThat(((ProblemException) refused).retryAfterSeconds()).as("400 ms rounded up").isEqualTo(1);
    assertThat(tookMs).isLessThan(TIMEOUT_MS);
    assertThat(served).as("the service was not called").hasValue(0);
    assertThat(Failures.isTransient(refused)).as("an event consumer retries it, never dead-letters it").isTrue();

    waitFor(CircuitBreakerState.HALF_OPEN, 2000);
    assertThat(gauge()).isEqualTo(Breakers.HALF_OPEN);
    assertThat(call("work").await().getBoolean("done")).isTrue();
    assertThat(hop.state()).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(gauge()).isEqualTo(Breakers.CLOSED);
  }

  @Test
  @DisplayName("answers that do not come in time count, and a failed trial call opens the breaker again")
  void timeoutsCount() {
    for (int i = 0; i < 2; i++) {
      Throwable failure = failureOf(call("hang"));
      assertThat(((ReplyException) failure).failureType()).isEqualTo(ReplyFailure.TIMEOUT);
    }
    assertThat(hop.state()).isEqualTo(CircuitBreakerState.OPEN);
    waitFor(CircuitBreakerState.HALF_OPEN, 2000);
    assertThat(failureOf(call("hang"))).isInstanceOf(ReplyException.class);
    assertThat(hop.state()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(gauge()).isEqualTo(Breakers.OPEN);
  }

  @Test
  @DisplayName("every caller on one Vert.x shares the hop's breaker")
  void oneBreakerPerHop() {
    assertThat(Breakers.hop(vertx, "test-hop", SETTINGS)).isSameAs(hop);
    assertThat(Breakers.hop(vertx, "other-hop", SETTINGS)).isNotSameAs(hop);
  }

  private Future<JsonObject> call(String what) {
    return calls.request("svc.work", new JsonObject().put("do", what));
  }

  private double gauge() {
    String scrape = ((PrometheusMeterRegistry) MetricsSetup.registry(vertx)).scrape();
    String prefix = "ticketping_breaker_state{breaker=\"test-hop\"} ";
    return scrape.lines().filter(line -> line.startsWith(prefix)).mapToDouble(line -> Double.parseDouble(
      line.substring(prefix.length()))).findFirst().orElseThrow(() -> new AssertionError("no gauge in " + scrape));
  }

  private void waitFor(CircuitBreakerState state, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while (hop.state() != state) {
      assertThat(System.currentTimeMillis()).as("breaker %s in time", state).isLessThan(deadline);
      vertx.timer(20).await();
    }
  }
}
