package io.ticketping.payment.simulator;

import io.ticketping.payment.provider.PaymentProvider.Lookup;
import io.ticketping.payment.provider.PaymentProvider.Outcome;
import io.ticketping.payment.provider.TossStyleProvider;
import io.ticketping.shared.config.AppConfig;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.AsyncResult;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator over real HTTP, driven through the adapter the payment service uses. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ProviderSimulatorTest {

  /** The impatient adapter's timeout, which the slow answers below exceed. */
  private static final long TIMEOUT_MS = 1_000;
  private static final long AMOUNT = 55_000;

  /** Patient enough for a cold JVM, so that only the faults make a call fail. */
  private TossStyleProvider provider;
  private TossStyleProvider impatient;
  private WebClient sim;
  private final String orderId = UUID.randomUUID().toString();
  private final String key = UUID.randomUUID().toString();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    int port = TestServers.freePort();
    provider = new TossStyleProvider(vertx, "http://127.0.0.1:" + port, "test-key", 10 * TIMEOUT_MS, 8);
    impatient = new TossStyleProvider(vertx, "http://127.0.0.1:" + port, "test-key", TIMEOUT_MS, 8);
    sim = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    vertx.deployVerticle(new ProviderSimulator(), new DeploymentOptions().setConfig(config(port, new JsonObject())))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a confirmed payment is APPROVED when looked up by its key or by its order, and is one live charge")
  void lookUpConfirmed(VertxTestContext ctx) {
    provider.confirm(key, orderId, AMOUNT)
      .compose(outcome -> Future.all(provider.lookup(key), provider.lookupByOrder(orderId), stats()))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        Lookup byKey = all.resultAt(0);
        Lookup byOrder = all.resultAt(1);
        JsonObject stats = all.resultAt(2);
        assertThat(byKey.state()).isEqualTo(Lookup.State.APPROVED);
        assertThat(byKey.paymentKey()).isEqualTo(key);
        assertThat(byOrder.state()).isEqualTo(Lookup.State.APPROVED);
        assertThat(byOrder.paymentKey()).isEqualTo(key);
        assertThat(stats.getInteger("liveCharges")).isEqualTo(1);
        assertThat(stats.getJsonObject("liveChargesPerOrder").getMap()).containsExactly(entry(orderId, 1));
        assertThat(stats.getInteger("lookups")).as("look-ups counted apart").isEqualTo(2);
        assertThat(stats.getJsonObject("confirmsPerKey").getMap()).as("look-ups are no confirms")
          .containsExactly(entry(key, 1));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a cancelled payment is CANCELED when looked up, and its order keeps a live-charge count of 0")
  void lookUpCancelled(VertxTestContext ctx) {
    provider.confirm(key, orderId, AMOUNT)
      .compose(outcome -> provider.cancel(key, "test"))
      .compose(v -> Future.all(provider.lookup(key), provider.lookupByOrder(orderId), stats()))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(all.<Lookup>resultAt(0).state()).isEqualTo(Lookup.State.CANCELED);
        assertThat(all.<Lookup>resultAt(1).state()).isEqualTo(Lookup.State.CANCELED);
        JsonObject stats = all.resultAt(2);
        assertThat(stats.getInteger("liveCharges")).isZero();
        assertThat(stats.getInteger("cancels")).isEqualTo(1);
        assertThat(stats.getJsonObject("liveChargesPerOrder").getMap()).containsExactly(entry(orderId, 0));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a declined confirm is DECLINED when looked up, and its order has no charge")
  void lookUpDeclined(VertxTestContext ctx) {
    configure(new JsonObject().put("declineRate", 1.0))
      .compose(v -> provider.confirm(key, orderId, AMOUNT))
      .compose(outcome -> Future.all(List.of(Future.succeededFuture(outcome), provider.lookup(key),
        provider.lookupByOrder(orderId), stats())))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(all.<Outcome>resultAt(0).approved()).isFalse();
        assertThat(all.<Lookup>resultAt(1).state()).isEqualTo(Lookup.State.DECLINED);
        assertThat(all.<Lookup>resultAt(2).state()).isEqualTo(Lookup.State.DECLINED);
        JsonObject stats = all.resultAt(3);
        assertThat(stats.getInteger("charges")).isZero();
        assertThat(stats.getJsonObject("liveChargesPerOrder").getMap()).isEmpty();
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a key never confirmed, and an order never paid, are NOT_FOUND")
  void lookUpUnknown(VertxTestContext ctx) {
    provider.confirm(key, orderId, AMOUNT)
      .compose(outcome -> Future.all(provider.lookup(UUID.randomUUID().toString()),
        provider.lookupByOrder(UUID.randomUUID().toString())))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(all.<Lookup>resultAt(0).state()).isEqualTo(Lookup.State.NOT_FOUND);
        assertThat(all.<Lookup>resultAt(1).state()).isEqualTo(Lookup.State.NOT_FOUND);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("an order charged under two payment keys counts two live charges, and its look-up finds the latest key")
  void lookUpByOrderFindsLatest(VertxTestContext ctx) {
    String second = UUID.randomUUID().toString();
    provider.confirm(key, orderId, AMOUNT)
      .compose(outcome -> provider.confirm(second, orderId, AMOUNT))
      .compose(outcome -> Future.all(provider.lookupByOrder(orderId), stats()))
      .compose(twice -> provider.cancel(key, "test").compose(v -> Future.all(Future.succeededFuture(twice),
        provider.lookupByOrder(orderId), stats())))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        CompositeView twice = new CompositeView(all.resultAt(0));
        assertThat(twice.<Lookup>at(0).paymentKey()).isEqualTo(second);
        assertThat(twice.<JsonObject>at(1).getJsonObject("liveChargesPerOrder").getMap())
          .containsExactly(entry(orderId, 2));
        Lookup afterCancel = all.resultAt(1);
        assertThat(afterCancel.paymentKey()).as("the first key's cancel changes nothing of the latest")
          .isEqualTo(second);
        assertThat(afterCancel.state()).isEqualTo(Lookup.State.APPROVED);
        assertThat(all.<JsonObject>resultAt(2).getJsonObject("liveChargesPerOrder").getMap())
          .containsExactly(entry(orderId, 1));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("look-ups skip the confirm latency: they answer while a slow confirm is still charging")
  void lookUpsAreFast(VertxTestContext ctx) {
    configure(new JsonObject().put("latencyMs", 3 * TIMEOUT_MS))
      .compose(v -> warmUp())
      .compose(v -> {
        Future<Outcome> slowConfirm = provider.confirm(key, orderId, AMOUNT);
        return impatient.lookup(key).map(lookup -> List.of(lookup, slowConfirm.isComplete()));
      })
      .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
        assertThat(((Lookup) both.get(0)).state()).as("not charged yet, and answered within the adapter's timeout")
          .isEqualTo(Lookup.State.NOT_FOUND);
        assertThat((Boolean) both.get(1)).as("the confirm still pending when the look-up answered").isFalse();
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("look-ups answer 503 during an outage, like every provider call")
  void lookUpDuringOutage(VertxTestContext ctx) {
    provider.confirm(key, orderId, AMOUNT)
      .compose(outcome -> configure(new JsonObject().put("outage", true)))
      .compose(v -> settled(provider.lookup(key)))
      .onComplete(ctx.succeeding(lookup -> ctx.verify(() -> {
        assertThat(lookup.failed()).isTrue();
        assertThat(lookup.cause()).isInstanceOf(TossStyleProvider.ProviderUnavailable.class).hasMessageContaining("503");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("answerDelayMs beyond the caller's timeout: the confirm fails, yet the look-up says APPROVED and the order is charged once")
  void answerAfterTimeout(VertxTestContext ctx) {
    configure(new JsonObject().put("answerDelayMs", 3 * TIMEOUT_MS))
      .compose(v -> warmUp())
      .compose(v -> settled(impatient.confirm(key, orderId, AMOUNT)))
      .compose(confirm -> Future.all(Future.succeededFuture(confirm), provider.lookup(key), stats()))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        AsyncResult<Outcome> confirm = all.resultAt(0);
        assertThat(confirm.failed()).as("the caller timed out").isTrue();
        assertThat(confirm.cause()).hasMessageContaining("timeout");
        assertThat(all.<Lookup>resultAt(1).state()).isEqualTo(Lookup.State.APPROVED);
        assertThat(all.<JsonObject>resultAt(2).getJsonObject("liveChargesPerOrder").getMap())
          .containsExactly(entry(orderId, 1));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("dropAfterCharge: the connection closes without an answer, yet the look-up says APPROVED")
  void dropAfterCharge(VertxTestContext ctx) {
    configure(new JsonObject().put("dropAfterCharge", true))
      .compose(v -> settled(provider.confirm(key, orderId, AMOUNT)))
      .compose(confirm -> Future.all(Future.succeededFuture(confirm), provider.lookup(key), stats()))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        AsyncResult<Outcome> confirm = all.resultAt(0);
        assertThat(confirm.failed()).isTrue();
        assertThat(confirm.cause()).isInstanceOf(HttpClosedException.class);
        assertThat(all.<Lookup>resultAt(1).state()).isEqualTo(Lookup.State.APPROVED);
        assertThat(all.<JsonObject>resultAt(2).getInteger("liveCharges")).isEqualTo(1);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("errorAfterCharge: the confirm answers 500, yet the look-up says APPROVED")
  void errorAfterCharge(VertxTestContext ctx) {
    configure(new JsonObject().put("errorAfterCharge", true))
      .compose(v -> settled(provider.confirm(key, orderId, AMOUNT)))
      .compose(confirm -> Future.all(Future.succeededFuture(confirm), provider.lookup(key), stats()))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        AsyncResult<Outcome> confirm = all.resultAt(0);
        assertThat(confirm.failed()).isTrue();
        assertThat(confirm.cause()).isInstanceOf(TossStyleProvider.ProviderUnavailable.class)
          .hasMessageContaining("500");
        assertThat(all.<Lookup>resultAt(1).state()).isEqualTo(Lookup.State.APPROVED);
        assertThat(all.<JsonObject>resultAt(2).getInteger("liveCharges")).isEqualTo(1);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("refundOutage: a cancel fails and refunds nothing while confirms work; once it ends the cancel succeeds")
  void refundOutage(VertxTestContext ctx) {
    configure(new JsonObject().put("refundOutage", true))
      .compose(v -> provider.confirm(key, orderId, AMOUNT))
      .compose(outcome -> settled(provider.cancel(key, "test")))
      .compose(refused -> Future.all(Future.succeededFuture(refused), provider.lookup(key), stats()))
      .compose(during -> configure(new JsonObject().put("refundOutage", false))
        .compose(v -> provider.cancel(key, "test"))
        .compose(v -> Future.all(Future.succeededFuture(during), provider.lookup(key), stats())))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        CompositeView during = new CompositeView(all.resultAt(0));
        assertThat(during.<AsyncResult<Void>>at(0).failed()).as("the refused cancel").isTrue();
        assertThat(during.<AsyncResult<Void>>at(0).cause()).hasMessageContaining("503");
        assertThat(during.<Lookup>at(1).state()).isEqualTo(Lookup.State.APPROVED);
        assertThat(during.<JsonObject>at(2).getInteger("cancels")).isZero();
        assertThat(during.<JsonObject>at(2).getJsonObject("liveChargesPerOrder").getMap())
          .containsExactly(entry(orderId, 1));
        assertThat(all.<Lookup>resultAt(1).state()).isEqualTo(Lookup.State.CANCELED);
        assertThat(all.<JsonObject>resultAt(2).getJsonObject("liveChargesPerOrder").getMap())
          .containsExactly(entry(orderId, 0));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a confirm repeated with the same key, even after a lost answer, never charges twice")
  void repeatedConfirmChargesOnce(VertxTestContext ctx) {
    configure(new JsonObject().put("errorAfterCharge", true))
      .compose(v -> settled(provider.confirm(key, orderId, AMOUNT)))
      .compose(lost -> configure(new JsonObject().put("errorAfterCharge", false)))
      .compose(v -> provider.confirm(key, orderId, AMOUNT))
      .compose(retried -> provider.confirm(key, orderId, AMOUNT).compose(again -> stats()
        .map(stats -> List.of(retried, again, stats))))
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(((Outcome) all.get(0)).approved()).isTrue();
        assertThat(((Outcome) all.get(1)).approved()).isTrue();
        JsonObject stats = (JsonObject) all.get(2);
        assertThat(stats.getJsonObject("confirmsPerKey").getMap()).containsExactly(entry(key, 3));
        assertThat(stats.getInteger("charges")).isEqualTo(1);
        assertThat(stats.getJsonObject("liveChargesPerOrder").getMap()).containsExactly(entry(orderId, 1));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("/sim/config keeps what a call leaves out and echoes every setting")
  void configEchoesEverySetting(VertxTestContext ctx) {
    configure(new JsonObject().put("answerDelayMs", 7).put("refundOutage", true))
      .compose(v -> configure(new JsonObject().put("errorAfterCharge", true)))
      .onComplete(ctx.succeeding(echo -> ctx.verify(() -> {
        assertThat(echo.getMap()).containsOnly(entry("latencyMs", 1), entry("declineRate", 0.0),
          entry("outage", false), entry("answerDelayMs", 7), entry("dropAfterCharge", false),
          entry("errorAfterCharge", true), entry("refundOutage", true));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("the fault settings are read from payment.simulator at start")
  void faultsFromConfiguration(Vertx vertx, VertxTestContext ctx) {
    int port = TestServers.freePort();
    JsonObject faults = new JsonObject().put("answerDelayMs", 9).put("dropAfterCharge", true)
      .put("errorAfterCharge", true).put("refundOutage", true);
    WebClient other = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    vertx.deployVerticle(new ProviderSimulator(), new DeploymentOptions().setConfig(config(port, faults)))
      .compose(id -> other.post("/sim/config").sendJsonObject(new JsonObject()))
      .onComplete(ctx.succeeding(echo -> ctx.verify(() -> {
        assertThat(echo.bodyAsJsonObject().getMap()).containsAllEntriesOf(faults.getMap());
        ctx.completeNow();
      })));
  }

  /** AppConfig's defaults with the simulator on {@code port}, answering in 1 ms, and {@code overrides}. */
  private static JsonObject config(int port, JsonObject overrides) {
    JsonObject config = AppConfig.defaults();
    config.getJsonObject("payment").getJsonObject("simulator").put("port", port).put("latencyMs", 1)
      .mergeIn(overrides);
    return config;
  }

  /** A first call of the impatient adapter, so its connection and classes are ready before it is timed. */
  private Future<Void> warmUp() {
    return impatient.lookup(UUID.randomUUID().toString()).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  private Future<JsonObject> configure(JsonObject settings) {
    return sim.post("/sim/config").sendJsonObject(settings).map(HttpResponse::bodyAsJsonObject);
  }

  private Future<JsonObject> stats() {
    return sim.get("/sim/stats").send().map(HttpResponse::bodyAsJsonObject);
  }

  /** Succeeds with the outcome of {@code future}, failed or not, so a test can assert on a failure. */
  private static <T> Future<AsyncResult<T>> settled(Future<T> future) {
    return future.transform(Future::succeededFuture);
  }

  private static <K, V> java.util.Map.Entry<K, V> entry(K key, V value) {
    return java.util.Map.entry(key, value);
  }

  /** Typed access to a {@link io.vertx.core.CompositeFuture} nested as another's result. */
  private record CompositeView(io.vertx.core.CompositeFuture all) {
    <T> T at(int index) {
      return all.resultAt(index);
    }
  }
}
