package io.ticketping.payment;

import io.ticketping.payment.provider.TossStyleProvider;
import io.ticketping.shared.booking.PaymentAddresses;
import io.ticketping.shared.bus.RequestFields;
import io.ticketping.shared.bus.ServiceEndpoints;
import io.ticketping.shared.events.EventConsumer;
import io.ticketping.shared.events.Outbox;
import io.ticketping.shared.events.OutboxRelay;
import io.ticketping.shared.events.Topics;
import io.ticketping.shared.observability.DomainMeters;
import io.ticketping.shared.observability.MetricNames;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.pg.PipelinedPg;
import io.ticketping.shared.pg.SchemaMigrations;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The payment service: takes payments (idempotent per key, through a circuit breaker), publishes PaymentApproved /
 * PaymentDeclined / PaymentRefunded through its outbox, and refunds approvals that booking could not apply.
 */
public class PaymentVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentVerticle.class);
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{8,64}");

  private Pool pool;
  private PipelinedPg pipelined;
  private OutboxRelay relay;
  private EventConsumer refunds;

  @Override
  public Future<?> start() {
    JsonObject payment = config().getJsonObject("payment");
    pool = PgPools.create(vertx, config());
    long timeout = payment.getLong("providerTimeoutMs");
    TossStyleProvider provider = new TossStyleProvider(vertx, payment.getString("providerBaseUrl"),
      payment.getString("providerSecretKey"), timeout, payment.getInteger("providerMaxConnections"));
    long resetMs = payment.getLong("breakerResetMs");
    DomainMeters.Level breakerState = DomainMeters.of(vertx).gauge(MetricNames.BREAKER_STATE,
      "Circuit breaker state: 0 closed, 1 half-open, 2 open", "breaker", "payment-provider");
    breakerState.set(0);
    CircuitBreaker breaker = CircuitBreaker.create("payment-provider", vertx, new CircuitBreakerOptions()
        .setMaxFailures(payment.getInteger("breakerMaxFailures"))
        .setTimeout(timeout)
        .setResetTimeout(resetMs))
      .openHandler(v -> {
        LOG.warn("Payment provider breaker OPEN: calls fail fast for {} ms", resetMs);
        breakerState.set(2);
      })
      .halfOpenHandler(v -> {
        LOG.info("Payment provider breaker HALF-OPEN: trying one call");
        breakerState.set(1);
      })
      .closeHandler(v -> {
        LOG.info("Payment provider breaker CLOSED");
        breakerState.set(0);
      });
    pipelined = new PipelinedPg(vertx, config(), pool);
    PaymentRepository repository = new PaymentRepository(pool, pipelined);
    Payments payments = new Payments(vertx, repository, provider, breaker, resetMs);
    relay = new OutboxRelay(vertx, pool, config());
    refunds = new EventConsumer(vertx, pool, config(), "payment.refunds", List.of(Topics.ORDER_EVENTS),
      new Refunds(provider, breaker));
    return Outbox.migrate(vertx, pool)
      .compose(v -> SchemaMigrations.apply(vertx, pool, "payment", List.of("V1__payments.sql")))
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
      .compose(v -> refunds.start());
  }

  @Override
  public Future<?> stop() {
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
