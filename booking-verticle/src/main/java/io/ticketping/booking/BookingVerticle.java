package io.ticketping.booking;

import io.ticketping.shared.booking.BookingAddresses;
import io.ticketping.shared.booking.OrderLimits;
import io.ticketping.shared.breaker.Breakers;
import io.ticketping.shared.bus.RequestFields;
import io.ticketping.shared.bus.ServiceEndpoints;
import io.ticketping.shared.events.EventConsumer;
import io.ticketping.shared.events.Outbox;
import io.ticketping.shared.events.OutboxRelay;
import io.ticketping.shared.events.Topics;
import io.ticketping.shared.health.RoleNeeds;
import io.ticketping.shared.pg.PgPools;
import io.ticketping.shared.pg.PipelinedPg;
import io.ticketping.shared.pg.SchemaMigrations;
import io.ticketping.shared.problem.Problem;
import io.ticketping.shared.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The booking service on the event bus: the catalogue (shows, schedules, seat maps), seat holds and orders, the
 * hold sweeper, the pass that lets the Redis keys of shows that ended expire, the outbox relay of its order events,
 * and the consumer that applies payment outcomes. Any number of instances may run, in one JVM or many: PostgreSQL
 * and Redis hold all the state.
 */
public class BookingVerticle extends VerticleBase {

  /** Least time between two counts of one show's seats on sale: a rush of holds is counted a few times a second. */
  private static final long AVAILABILITY_GAP_MILLIS = 100;

  private Redis redis;
  private Pool pool;
  private PipelinedPg pipelined;
  private HoldSweeper sweeper;
  private EndedShows endedShows;
  private OutboxRelay relay;
  private EventConsumer payments;
  private Catalogue catalogue;
  private ScheduleCache schedules;
  private SeatMap seatMap;
  private SeatMapSync seatMapSync;
  private OrderRefunds refunds;
  private SeatHolds holds;
  private OrderRepository orders;
  private WaitingRoomSetup waitingRooms;
  private ShowOwners owners;
  private ShowSales sales;
  private ShowOutcomes outcomes;
  private SeatAvailability availability;

  @Override
  public Future<?> start() {
    // Kafka too: a sale's outcomes (paid, expired, cancelled) reach the waiting room and payment only through it.
    RoleNeeds.declare(vertx, "booking", RoleNeeds.POSTGRES, RoleNeeds.REDIS, RoleNeeds.KAFKA);
    JsonObject booking = config().getJsonObject("booking");
    redis = RedisClients.create(vertx, config());
    pool = PgPools.create(vertx, config());
    catalogue = new Catalogue(pool);
    owners = new ShowOwners(pool);
    sales = new ShowSales(pool);
    outcomes = new ShowOutcomes(pool);
    schedules = new ScheduleCache(catalogue);
    Duration endedRetention = Duration.ofSeconds(booking.getLong("endedShowRetentionSeconds"));
    seatMap = new SeatMap(redis, catalogue, endedRetention,
      Breakers.hop(vertx, "booking-redis", config().getJsonObject("breakers")));
    pipelined = new PipelinedPg(vertx, config(), pool);
    orders = new OrderRepository(pool, pipelined);
    long requestTimeoutMillis = config().getJsonObject("services").getLong("requestTimeoutMs");
    // Answer within the gateway's wait, with a second to spare, even when every attempt times out.
    waitingRooms = new WaitingRoomSetup(vertx, requestTimeoutMillis - 1000);
    BookingMeters meters = new BookingMeters(vertx);
    availability = new SeatAvailability(vertx, pool, AVAILABILITY_GAP_MILLIS, requestTimeoutMillis);
    holds = new SeatHolds(schedules, seatMap, orders, Duration.ofSeconds(booking.getInteger("holdSeconds")), meters,
      availability);
    relay = new OutboxRelay(vertx, pool, config());
    seatMapSync = new SeatMapSync(pool, seatMap);
    refunds = new OrderRefunds(orders, seatMapSync, meters, availability);
    endedShows = new EndedShows(vertx, pool, seatMap, endedRetention, requestTimeoutMillis);
    payments = new EventConsumer(vertx, pool, config(), "booking.payment-outcomes", List.of(Topics.PAYMENT_EVENTS),
      new PaymentOutcomes(seatMapSync, refunds, meters, availability));
    return Outbox.migrate(vertx, config())
      .compose(v -> SchemaMigrations.apply(vertx, config(), "booking"))
      .compose(v -> Future.all(List.of(
        ServiceEndpoints.serve(vertx, BookingAddresses.CREATE_SHOW, this::createShow),
        ServiceEndpoints.serve(vertx, BookingAddresses.LIST_SHOWS, body -> catalogue.page(
          (int) RequestFields.positiveLong(body, "limit"), body.getInteger("offset", 0))),
        ServiceEndpoints.serve(vertx, BookingAddresses.GET_SHOW, this::getShow),
        ServiceEndpoints.serve(vertx, BookingAddresses.OWNED_SHOWS, body -> owners.owned(
          body.getValue("organiserId") == null ? null : RequestFields.positiveLong(body, "organiserId"),
          (int) RequestFields.positiveLong(body, "limit"), body.getInteger("offset", 0))),
        ServiceEndpoints.serve(vertx, BookingAddresses.SHOW_OWNER,
          body -> owners.owner(RequestFields.positiveLong(body, "showId"))),
        ServiceEndpoints.serve(vertx, BookingAddresses.ORDER_SHOW, body -> owners.showOfOrder(orderId(body))),
        ServiceEndpoints.serve(vertx, BookingAddresses.SHOW_SALES,
          body -> sales.of(RequestFields.positiveLong(body, "showId"))),
        ServiceEndpoints.serve(vertx, BookingAddresses.SHOW_OUTCOMES,
          body -> outcomes.of(RequestFields.positiveLong(body, "showId"))),
        ServiceEndpoints.serve(vertx, BookingAddresses.SEAT_MAP, this::seatMap),
        ServiceEndpoints.serve(vertx, BookingAddresses.SCHEDULE_SHOW, this::scheduleShow),
        ServiceEndpoints.serve(vertx, BookingAddresses.HOLD, this::hold),
        ServiceEndpoints.serve(vertx, BookingAddresses.MY_ORDERS, this::myOrders),
        ServiceEndpoints.serve(vertx, BookingAddresses.GET_ORDER, this::getOrder),
        ServiceEndpoints.serve(vertx, BookingAddresses.CANCEL_ORDER, body -> holds.cancel(orderId(body), user(body))
          .map(Order::toJson)),
        ServiceEndpoints.serve(vertx, BookingAddresses.REFUND_ORDER, body -> refunds.request(orderId(body),
          body.getBoolean("admin", false) ? null : user(body)).map(Order::toJson)))))
      .compose(v -> relay.start())
      .compose(v -> payments.start())
      .onSuccess(v -> {
        if (booking.getBoolean("sweeper")) {
          sweeper = new HoldSweeper(vertx, pool, seatMap, seatMapSync, availability, booking.getLong("sweepMillis"))
            .start();
          availability.start();
          endedShows.start(booking.getLong("endedShowSweepMillis"));
        }
      });
  }

  @Override
  public Future<?> stop() {
    RoleNeeds.withdraw(vertx, "booking");
    if (sweeper != null) {
      sweeper.stop();
    }
    endedShows.stop();
    availability.stop();
    return Future.join(payments.stop(), relay.stop())
      .eventually(() -> Future.join(redis.close(), pipelined.close().eventually(() -> pool.close())));
  }

  /** Creates the show with every seat, then its waiting room (opening at the sale start, default settings). */
  private Future<JsonObject> createShow(JsonObject body) {
    ShowDraft draft = ShowDrafts.read(body);
    return catalogue.create(draft).compose(show -> waitingRooms
      .configure(show.getLong("showId"), draft.saleOpensAt().toEpochMilli())
      .map(queue -> show.put("queue", queue)));
  }

  private Future<JsonObject> getShow(JsonObject body) {
    long showId = RequestFields.positiveLong(body, "showId");
    return catalogue.show(showId).map(show -> {
      if (show == null) {
        throw Problem.notFound("There is no show " + showId + ".").toException();
      }
      return show;
    });
  }

  private Future<JsonObject> seatMap(JsonObject body) {
    long scheduleId = RequestFields.positiveLong(body, "scheduleId");
    return schedules.get(scheduleId).compose(schedule -> seatMap.states(scheduleId).map(states -> {
      JsonArray seats = new JsonArray();
      schedule.seats().values().forEach(seat -> {
        String state = states.getOrDefault(seat.seatId(), SeatMap.AVAILABLE);
        seats.add(seat.toJson().put("status", state.startsWith("HELD") ? "HELD" : state));
      });
      return new JsonObject().put("scheduleId", scheduleId).put("showId", schedule.showId()).put("seats", seats);
    }));
  }

  private Future<JsonObject> scheduleShow(JsonObject body) {
    long scheduleId = RequestFields.positiveLong(body, "scheduleId");
    return schedules.get(scheduleId)
      .map(schedule -> new JsonObject().put("scheduleId", scheduleId).put("showId", schedule.showId()));
  }

  private Future<JsonObject> hold(JsonObject body) {
    long userId = user(body);
    long scheduleId = RequestFields.positiveLong(body, "scheduleId");
    List<Long> seatIds = RequestFields.distinctPositiveLongs(body, "seatIds", 1, OrderLimits.MAX_SEATS_PER_ORDER);
    return holds.hold(userId, scheduleId, seatIds).map(Order::toJson);
  }

  private Future<JsonObject> myOrders(JsonObject body) {
    return orders.mine(user(body), 100).map(list -> {
      JsonArray items = new JsonArray();
      list.forEach(order -> items.add(order.toJson()));
      return new JsonObject().put("items", items);
    });
  }

  private Future<JsonObject> getOrder(JsonObject body) {
    UUID orderId = orderId(body);
    return orders.find(orderId, user(body)).map(order -> {
      if (order == null) {
        throw Problem.notFound("You have no order " + orderId + ".").toException();
      }
      return order.toJson();
    });
  }

  private static long user(JsonObject body) {
    return RequestFields.positiveLong(body, "userId");
  }

  private static UUID orderId(JsonObject body) {
    try {
      return UUID.fromString(String.valueOf(body.getValue("orderId")));
    } catch (IllegalArgumentException e) {
      throw RequestFields.invalid("orderId", "'orderId' must be an order id (a UUID).");
    }
  }
}
