package io.ticketping.payment.simulator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A local stand-in for a Toss-Payments-style provider, so the run command and the tests need no internet: the same
 * confirm, cancel and look-up API, with a configurable latency, decline rate and outage, and the faults that leave a
 * caller unsure whether it was charged. Like the real API it is idempotent by payment key: a repeated confirm returns
 * the first result and charges nothing more.
 *
 * <p>{@code GET /sim/stats} lets tests and checks count: {@code charges}, {@code cancels}, {@code liveCharges} and
 * {@code liveChargesPerOrder} (charges not cancelled, for each order ever charged) say where the money is. The call
 * counters ({@code requests}, {@code confirmsPerKey}, {@code cancelsPerKey}) count each confirm and cancel as it
 * arrives, before the latency and whether or not an outage answers it, so a test can tell which calls reached the
 * provider at all (a circuit breaker's open phase must add none) without racing the answer; look-ups, which move no
 * money, are counted apart ({@code lookups}).
 *
 * <p>{@code POST /sim/config} changes any of {@link SimulatorSettings} live (tests, demos) and answers all of them.
 */
public class ProviderSimulator extends VerticleBase {

  private static final String PAYMENTS = "/v1/payments/";
  private static final String BY_ORDER = PAYMENTS + "orders/";
  private static final String CONFIRM = PAYMENTS + "confirm";
  private static final String CANCEL = "/cancel";
  /** Look-ups skip the configured latency: an unknown outcome must be answerable while confirms are slow. */
  private static final long LOOKUP_LATENCY_MS = 1;

  private final Ledger ledger = new Ledger();
  private final Map<String, Integer> confirmsPerKey = new HashMap<>();
  private final Map<String, Integer> cancelsPerKey = new HashMap<>();
  private int requests;
  private int lookups;
  private SimulatorSettings settings;
  private HttpServer server;

  @Override
  public Future<?> start() {
    JsonObject sim = config().getJsonObject("payment").getJsonObject("simulator");
    settings = SimulatorSettings.HEALTHY.with(sim);
    return vertx.createHttpServer().requestHandler(this::handle)
      .listen(sim.getInteger("port"), "127.0.0.1")
      .onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    route(request).recover(e -> failed(request, e));
  }

  private Future<Void> route(HttpServerRequest request) {
    String path = request.path();
    if (path.equals("/sim/stats")) {
      return answer(request, 200, stats());
    }
    if (request.method() == HttpMethod.GET && path.startsWith(PAYMENTS)) {
      lookups++;
      return vertx.timer(LOOKUP_LATENCY_MS)
        .compose(v -> settings.outage() ? unavailable(request, "Simulated outage") : lookUp(request, path));
    }
    return request.body().map(body -> body.length() == 0 ? new JsonObject() : body.toJsonObject()).compose(json -> {
      if (path.equals("/sim/config")) {
        settings = settings.with(json);
        return answer(request, 200, settings.toJson());
      }
      countArrival(path, json);
      return vertx.timer(Math.max(1, settings.latencyMs())).compose(v -> call(request, path, json));
    });
  }

  private Future<Void> call(HttpServerRequest request, String path, JsonObject json) {
    if (settings.outage()) {
      return unavailable(request, "Simulated outage");
    }
    if (path.equals(CONFIRM)) {
      return confirm(request, json);
    }
    String cancelKey = cancelKey(path);
    if (cancelKey != null) {
      return settings.refundOutage() ? unavailable(request, "Simulated refund outage") : cancel(request, cancelKey);
    }
    return answer(request, 404, error("NOT_FOUND", "No such API"));
  }

  private Future<Void> confirm(HttpServerRequest request, JsonObject json) {
    String key = json.getString("paymentKey");
    String orderId = json.getString("orderId");
    Long amount = json.getLong("amount");
    if (key == null || orderId == null || amount == null) {
      return answer(request, 400, error("INVALID_REQUEST", "paymentKey, orderId and amount"));
    }
    // The faults of the moment of the decision: a test may turn a fault off while its delayed answer is pending.
    SimulatorSettings now = settings;
    Ledger.Payment payment = ledger.confirm(key, orderId, amount,
      ThreadLocalRandom.current().nextDouble() >= now.declineRate());
    // The charge is made before any fault strikes: the caller may never hear of a charge that happened.
    return delay(now.answerDelayMs()).compose(v -> {
      if (now.dropAfterCharge()) {
        return request.connection().close();
      }
      if (now.errorAfterCharge()) {
        return answer(request, 500, error("FAILED_INTERNAL_SYSTEM_PROCESSING", "Simulated error after the charge"));
      }
      return payment.charged()
        ? answer(request, 200, payment.toJson())
        : answer(request, 403, error("REJECT_CARD_PAYMENT", "The card was declined (simulated)"));
    });
  }

  private Future<Void> cancel(HttpServerRequest request, String key) {
    Ledger.Payment payment = ledger.cancel(key);
    return payment == null
      ? answer(request, 404, error("NOT_FOUND_PAYMENT", "No confirmed payment"))
      : answer(request, 200, payment.toJson());
  }

  private Future<Void> lookUp(HttpServerRequest request, String path) {
    Ledger.Payment payment = path.startsWith(BY_ORDER)
      ? ledger.latestOf(path.substring(BY_ORDER.length()))
      : ledger.byKey(path.substring(PAYMENTS.length()));
    return payment == null
      ? answer(request, 404, error("NOT_FOUND_PAYMENT", "No such payment"))
      : answer(request, 200, payment.toJson());
  }

  /** Counts a confirm or cancel the moment it arrives (outage or not, before its latency). */
  private void countArrival(String path, JsonObject json) {
    requests++;
    String cancelKey = cancelKey(path);
    if (path.equals(CONFIRM) && json.getValue("paymentKey") instanceof String key) {
      confirmsPerKey.merge(key, 1, Integer::sum);
    } else if (cancelKey != null) {
      cancelsPerKey.merge(cancelKey, 1, Integer::sum);
    }
  }

  private JsonObject stats() {
    return new JsonObject().put("requests", requests).put("lookups", lookups)
      .put("charges", ledger.charges()).put("cancels", ledger.cancels())
      .put("liveCharges", ledger.charges() - ledger.cancels())
      .put("confirmsPerKey", new JsonObject(new HashMap<>(confirmsPerKey)))
      .put("cancelsPerKey", new JsonObject(new HashMap<>(cancelsPerKey)))
      .put("liveChargesPerOrder", ledger.liveChargesPerOrder());
  }

  private Future<Void> delay(long millis) {
    return millis <= 0 ? Future.succeededFuture() : vertx.timer(millis);
  }

  /** The payment key of {@code POST /v1/payments/{paymentKey}/cancel}, or null for any other path. */
  private static String cancelKey(String path) {
    return path.startsWith(PAYMENTS) && path.endsWith(CANCEL) && path.length() > PAYMENTS.length() + CANCEL.length()
      ? path.substring(PAYMENTS.length(), path.length() - CANCEL.length())
      : null;
  }

  private static Future<Void> unavailable(HttpServerRequest request, String message) {
    return answer(request, 503, error("PROVIDER_UNAVAILABLE", message));
  }

  /** A body that is not JSON, or a field of the wrong type, is the caller's error; anything else is ours. */
  private static Future<Void> failed(HttpServerRequest request, Throwable e) {
    if (request.response().ended()) {
      return Future.succeededFuture();
    }
    return e instanceof DecodeException || e instanceof ClassCastException
      ? answer(request, 400, error("INVALID_REQUEST", "Bad JSON or a field of the wrong type: " + e.getMessage()))
      : answer(request, 500, error("FAILED_INTERNAL_SYSTEM_PROCESSING", String.valueOf(e)));
  }

  private static Future<Void> answer(HttpServerRequest request, int status, JsonObject body) {
    HttpServerResponse response = request.response();
    if (response.closed()) {
      // The caller gave up (its timeout) before this answer: there is no one left to tell.
      return Future.succeededFuture();
    }
    return response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }

  private static JsonObject error(String code, String message) {
    return new JsonObject().put("code", code).put("message", message);
  }
}
