package io.ticketping.payment.provider;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The HTTP adapter for a Toss-Payments-style API: {@code POST /v1/payments/confirm {paymentKey, orderId, amount}} and
 * {@code POST /v1/payments/{paymentKey}/cancel {cancelReason}}, and the look-ups {@code GET /v1/payments/{paymentKey}}
 * and {@code GET /v1/payments/orders/{orderId}}, Basic auth with the secret key as user name. A 2xx confirm is an
 * approval, a 4xx with a {@code code} a decline; anything else (5xx, no answer) is a failure, which the circuit
 * breaker counts, and whose outcome only a look-up can tell.
 */
public final class TossStyleProvider implements PaymentProvider {

  private final WebClient client;
  private final String authorization;
  private final long timeoutMillis;

  /** @param maxConnections concurrent calls in flight; more wait for a connection (HTTP/1.1: one call each) */
  public TossStyleProvider(Vertx vertx, String baseUrl, String secretKey, long timeoutMillis, int maxConnections) {
    URI base = URI.create(baseUrl);
    this.client = WebClient.create(vertx, new WebClientOptions()
      .setDefaultHost(base.getHost())
      .setDefaultPort(base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80)
      .setSsl("https".equals(base.getScheme()))
      .setConnectTimeout((int) timeoutMillis)
      .setIdleTimeout(30)
      .setKeepAlive(true),
      // The client's default of 5 connections caps a 30 ms provider at ~170 payments/s: a rush queued behind it.
      new PoolOptions().setHttp1MaxSize(maxConnections));
    this.authorization = "Basic " + Base64.getEncoder()
      .encodeToString((secretKey + ":").getBytes(StandardCharsets.UTF_8));
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Future<Outcome> confirm(String paymentKey, String orderId, long amount) {
    return client.post("/v1/payments/confirm")
      .putHeader("Authorization", authorization)
      .putHeader("Idempotency-Key", paymentKey)
      .timeout(timeoutMillis)
      .sendJsonObject(new JsonObject().put("paymentKey", paymentKey).put("orderId", orderId).put("amount", amount))
      .map(TossStyleProvider::outcome);
  }

  @Override
  public Future<Void> cancel(String paymentKey, String reason) {
    return client.post("/v1/payments/" + paymentKey + "/cancel")
      .putHeader("Authorization", authorization)
      .putHeader("Idempotency-Key", "cancel-" + paymentKey)
      .timeout(timeoutMillis)
      .sendJsonObject(new JsonObject().put("cancelReason", reason))
      .compose(response -> response.statusCode() / 100 == 2
        ? Future.succeededFuture()
        : Future.failedFuture("cancel refused with " + response.statusCode() + ": " + response.bodyAsString()));
  }

  @Override
  public Future<Lookup> lookup(String paymentKey) {
    return get("/v1/payments/" + paymentKey);
  }

  @Override
  public Future<Lookup> lookupByOrder(String orderId) {
    return get("/v1/payments/orders/" + orderId);
  }

  /**
   * A payment look-up: 200 with the payment's {@code status} (DONE, CANCELED, ABORTED or EXPIRED), or 404 when the
   * provider never confirmed it. Anything else (5xx, no answer) fails: the question is asked again later.
   */
  private Future<Lookup> get(String path) {
    return client.get(path)
      .putHeader("Authorization", authorization)
      .timeout(timeoutMillis)
      .send()
      .map(response -> {
        int status = response.statusCode();
        if (status == 404) {
          return Lookup.notFound();
        }
        if (status / 100 != 2) {
          throw new ProviderUnavailable("payment look-up answered " + status);
        }
        JsonObject body = safeJson(response);
        String code = body.getString("status", "");
        Lookup.State state = switch (code) {
          case "DONE" -> Lookup.State.APPROVED;
          case "CANCELED", "PARTIAL_CANCELED" -> Lookup.State.CANCELED;
          case "ABORTED", "EXPIRED" -> Lookup.State.DECLINED;
          default -> throw new ProviderUnavailable("payment look-up: status '" + code + "' is not final yet");
        };
        return new Lookup(body.getString("paymentKey"), state, code, body.getString("message", code));
      });
  }

  private static Outcome outcome(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status / 100 == 2) {
      return Outcome.approval();
    }
    if (status / 100 == 4) {
      JsonObject body = safeJson(response);
      return Outcome.decline(body.getString("code", "DECLINED"), body.getString("message", "Declined"));
    }
    throw new ProviderUnavailable("provider answered " + status);
  }

  private static JsonObject safeJson(HttpResponse<Buffer> response) {
    try {
      return response.bodyAsJsonObject() == null ? new JsonObject() : response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  /** The provider could not give an answer; the outcome of the payment is unknown until a retry asks again. */
  public static final class ProviderUnavailable extends RuntimeException {
    public ProviderUnavailable(String message) {
      super(message, null, false, false);
    }
  }
}
