package io.ticketping.payment;

import io.ticketping.payment.provider.TossStyleProvider;
import io.ticketping.shared.breaker.Breakers;
import io.ticketping.shared.bus.RequestFields;
import io.ticketping.shared.bus.ServiceCalls;
import io.ticketping.shared.bus.ServiceEndpoints;
import io.ticketping.shared.events.EventConsumer;
import io.ticketping.shared.events.Outbox;
import io.ticketping.shared.events.OutboxRelay;
import io.ticketping.shared.events.Topics;
import io.ticketping.shared.health.RoleNeeds;
import io.ticketping.shared.payment.PaymentAddresses;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.pg.PipelinedPg;
import io.ticketping.shared.pg.SchemaMigrations;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The payment service: takes payments (idempotent per key, one live payment per order, through a circuit breaker),
 * settles the ones whose outcome did not come back by asking the provider, publishes PaymentApproved / PaymentDeclined
 * / PaymentRefunded through its outbox, and refunds approvals that booking could not apply.
 */
public class PaymentVerticle extends VerticleBase {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{8,64}");

  private Pool pool;
  private PipelinedPg pipelined;
  private OutboxRelay relay;
  private EventConsumer refunds;
  private PaymentReconciler reconciler;

  @Override
  public Future<?> start() {
    // Not the provider: its breaker answers for it at once, and an unready payment role would not bring it back.
    RoleNeeds.declare(vertx, "payment", RoleNeeds.POSTGRES, RoleNeeds.KAFKA);
    JsonObject payment = config().getJsonObject("payment");
    PaymentSettings settings = PaymentSettings.from(payment);
    pool = PgPools.create(vertx, config());
    TossStyleProvider provider = new TossStyleProvider(vertx, payment.getString("providerBaseUrl"),
      payment.getString("providerSecretKey"), settings.providerTimeoutMs(), payment.getInteger("providerMaxConnections"));
    PaymentMeters meters = new PaymentMeters(vertx);
    pipelined = new PipelinedPg(vertx, config(), pool);
    PaymentRepository repository = new PaymentRepository(pool, pipelined);
    // The order check goes to booking behind the payment-booking breaker: a booking outage refuses payments at once.
    ServiceCalls booking = new ServiceCalls(vertx.eventBus(), settings.orderCheckTimeoutMs(),
      Map.of("booking", Breakers.hop(vertx, "payment-booking", config().getJsonObject("breakers"))));
    Payments payments = new Payments(vertx, repository, new OrderCheck(booking), new Charging(repository, provider,
      ProviderBreakers.create(vertx, ProviderBreakers.CHARGES, payment), settings, meters), settings);
    reconciler = new PaymentReconciler(vertx, repository, provider,
      ProviderBreakers.create(vertx, ProviderBreakers.REFUNDS, payment), settings, meters);
    relay = new OutboxRelay(vertx, pool, config());
    refunds = new EventConsumer(vertx, pool, config(), "payment.refunds", List.of(Topics.ORDER_EVENTS), new Refunds());
    return Outbox.migrate(vertx, config())
      .compose(v -> SchemaMigrations.apply(vertx, config(), "payment"))
      .compose(v -> Future.all(
        ServiceEndpoints.serve(vertx, PaymentAddresses.PAY, body -> payments.pay(
          RequestFields.positiveLong(body, "userId"), idempotencyKey(body), uuid(body, "orderId"),
          RequestFields.positiveLong(body, "amount"), passShow(body))),
        ServiceEndpoints.serve(vertx, PaymentAddresses.REPLAY, body -> payments.replayOnly(
          RequestFields.positiveLong(body, "userId"), idempotencyKey(body), uuid(body, "orderId"),
          RequestFields.positiveLong(body, "amount"))),
        ServiceEndpoints.serve(vertx, PaymentAddresses.GET, body -> payments.get(
          RequestFields.positiveLong(body, "userId"), uuid(body, "paymentId")))))
      .compose(v -> relay.start())
      .compose(v -> refunds.start())
      .onSuccess(v -> reconciler.start());
  }

  @Override
  public Future<?> stop() {
    RoleNeeds.withdraw(vertx, "payment");
    if (reconciler != null) {
      reconciler.stop();
    }
    return Future.join(refunds.stop(), relay.stop()).eventually(() -> pipelined.close().eventually(() -> pool.close()));
  }

  /** The show of the caller's queue pass, which the gateway checked and the order must belong to. */
  private static String passShow(JsonObject body) {
    if (body.getValue("showId") instanceof String show && !show.isBlank()) {
      return show;
    }
    throw RequestFields.invalid("showId", "'showId' (the show of the caller's queue pass) is required.");
  }

  private static String idempotencyKey(JsonObject body) {
    Object key = body.getValue("idempotencyKey");
    if (key instanceof String text && KEY.matcher(text).matches()) {
      return text;
    }
    throw RequestFields.invalid("Idempotency-Key",
      "The Idempotency-Key header is required: 8 to 64 letters, digits or '_.:-' (a UUID is ideal).");
  }

  private static UUID uuid(JsonObject body, String field) {
    try {
      return UUID.fromString(String.valueOf(body.getValue(field)));
    } catch (IllegalArgumentException e) {
      throw RequestFields.invalid(field, "'" + field + "' must be an id (a UUID).");
    }
  }
}
