package io.ticketping.payment.simulator;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A local stand-in for a Toss-Payments-style provider, so the run command and the tests need no internet: the same
 * confirm and cancel API, with a configurable latency, decline rate and outage. Like the real API it is idempotent by
 * payment key: a repeated confirm returns the first result and charges nothing more, which {@code GET /sim/stats}
 * lets tests count. Its call counters ({@code requests}, {@code confirmsPerKey}, {@code cancelsPerKey}) count each
 * provider API call as it arrives, before the latency and whether or not an outage answers it, so a test can tell
 * which calls reached the provider at all (a circuit breaker's open phase must add none) without racing the answer.
 *
 * <p>{@code POST /sim/config {latencyMs, declineRate, outage}} changes its behaviour live (tests, demos).
 */
public class ProviderSimulator extends VerticleBase {

  private final Map<String, JsonObject> confirmed = new HashMap<>();
  private final Map<String, Integer> confirmsPerKey = new HashMap<>();
  private final Map<String, Integer> cancelsPerKey = new HashMap<>();
  private int requests;
  private int charges;
  private int cancels;
  private long latencyMs;
  private double declineRate;
  private boolean outage;
  private HttpServer server;

  @Override
  public Future<?> start() {
    JsonObject sim = config().getJsonObject("payment").getJsonObject("simulator");
    latencyMs = sim.getLong("latencyMs");
    declineRate = sim.getDouble("declineRate");
    outage = sim.getBoolean("outage");
    return vertx.createHttpServer().requestHandler(this::handle)
      .listen(sim.getInteger("port"), "127.0.0.1")
      .onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.equals("/sim/stats")) {
      answer(request, 200, new JsonObject().put("requests", requests).put("charges", charges).put("cancels", cancels)
        .put("confirmsPerKey", new JsonObject(new HashMap<>(confirmsPerKey)))
        .put("cancelsPerKey", new JsonObject(new HashMap<>(cancelsPerKey))));
      return;
    }
    request.body().onSuccess(body -> {
      JsonObject json = body.length() == 0 ? new JsonObject() : body.toJsonObject();
      if (path.equals("/sim/config")) {
        latencyMs = json.getLong("latencyMs", latencyMs);
        declineRate = json.getDouble("declineRate", declineRate);
        outage = json.getBoolean("outage", outage);
        answer(request, 200, new JsonObject().put("latencyMs", latencyMs).put("declineRate", declineRate)
          .put("outage", outage));
        return;
      }
      countArrival(path, json);
      vertx.setTimer(Math.max(1, latencyMs), id -> {
        if (outage) {
          answer(request, 503, new JsonObject().put("code", "PROVIDER_UNAVAILABLE").put("message", "Simulated outage"));
        } else if (path.equals("/v1/payments/confirm")) {
          confirm(request, json);
        } else if (path.startsWith("/v1/payments/") && path.endsWith("/cancel")) {
          cancel(request, path.substring("/v1/payments/".length(), path.length() - "/cancel".length()));
        } else {
          answer(request, 404, new JsonObject().put("code", "NOT_FOUND").put("message", "No such API"));
        }
      });
    });
  }

  private void confirm(HttpServerRequest request, JsonObject json) {
    String key = json.getString("paymentKey");
    if (key == null || json.getLong("amount") == null) {
      answer(request, 400, new JsonObject().put("code", "INVALID_REQUEST").put("message", "paymentKey and amount"));
      return;
    }
    JsonObject result = confirmed.computeIfAbsent(key, k -> {
      boolean approved = ThreadLocalRandom.current().nextDouble() >= declineRate;
      if (approved) {
        charges++;
      }
      return approved
        ? new JsonObject().put("status", "DONE").put("paymentKey", k).put("orderId", json.getString("orderId"))
          .put("totalAmount", json.getLong("amount"))
        : new JsonObject().put("code", "REJECT_CARD_PAYMENT").put("message", "The card was declined (simulated)");
    });
    answer(request, result.containsKey("status") ? 200 : 403, result);
  }

  /** Counts a provider API call the moment it arrives (outage or not, before its latency). */
  private void countArrival(String path, JsonObject json) {
    requests++;
    if (path.equals("/v1/payments/confirm") && json.getValue("paymentKey") instanceof String key) {
      confirmsPerKey.merge(key, 1, Integer::sum);
    } else if (path.startsWith("/v1/payments/") && path.endsWith("/cancel")) {
      cancelsPerKey.merge(path.substring("/v1/payments/".length(), path.length() - "/cancel".length()), 1,
        Integer::sum);
    }
  }

  private void cancel(HttpServerRequest request, String key) {
    JsonObject payment = confirmed.get(key);
    if (payment == null || !"DONE".equals(payment.getString("status"))) {
      answer(request, 404, new JsonObject().put("code", "NOT_FOUND_PAYMENT").put("message", "No confirmed payment"));
      return;
    }
    if (!payment.getBoolean("canceled", false)) {
      payment.put("canceled", true);
      cancels++;
    }
    answer(request, 200, payment.copy().put("status", "CANCELED"));
  }

  private static void answer(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }
}
