package io.ticketping.gateway;

import io.ticketping.gateway.auth.AccountLimiter;
import io.ticketping.gateway.auth.AuthRoutes;
import io.ticketping.gateway.auth.BearerAuth;
import io.ticketping.gateway.auth.ShowAccess;
import io.ticketping.gateway.booking.BookingRoutes;
import io.ticketping.gateway.booking.PaymentRoutes;
import io.ticketping.gateway.health.HealthRoutes;
import io.ticketping.gateway.health.MetricsRoute;
import io.ticketping.gateway.outcomes.OutcomeRoutes;
import io.ticketping.gateway.queue.QueueRoutes;
import io.ticketping.gateway.queue.pass.PassGuard;
import io.ticketping.gateway.users.PasswordHasher;
import io.ticketping.gateway.users.UserRepository;
import io.ticketping.gateway.users.UserRoutes;
import io.ticketping.gateway.web.AccessLog;
import io.ticketping.gateway.web.AddressBuckets;
import io.ticketping.gateway.web.ApiContract;
import io.ticketping.gateway.web.ApiDocs;
import io.ticketping.gateway.web.ClientAddress;
import io.ticketping.gateway.web.Principal;
import io.ticketping.gateway.web.ProblemResponder;
import io.ticketping.gateway.web.RateLimiter;
import io.ticketping.gateway.web.RateLimiter.Bucket;
import io.ticketping.gateway.web.RequestIdHandler;
import io.ticketping.gateway.web.StrictTransportSecurity;
import io.ticketping.gateway.web.WebPages;
import io.ticketping.shared.bus.ServiceCalls;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.redis.client.Redis;

/**
 * Every route of the API in one place, area by area; the API document ({@code openapi/ticketping.yaml}) describes
 * each of them. Each route names its guards in order: the bearer-token check, the role, the rate limit, the
 * show-access guard, the validation of its input against the document, the queue pass; then the handler. One failure
 * handler answers for all.
 *
 * <p>Rate limits by purpose: signup and login per client address ({@code credentials}) and per account ({@code accounts},
 * with a growing delay after failed logins), both refusing while Redis is down; refresh and logout per session
 * ({@code perSession}); the public reads per address in memory ({@code publicReads}); the rest per user ({@code perUser}).
 *
 * <p>Every admin route about one show is {@code bearer, staff, perUser, ownShow} (or {@code ownOrderShow} when the
 * path names an order): an admin on any show, an organiser on its own only (404 for any other show).
 */
final class ApiRouter {

  private final Vertx vertx;
  private final JsonObject config;
  private final Backends backends;
  private final Auth auth;
  private final WaitingRoom room;
  private final ApiContract contract;
  private final BearerAuth bearer;
  private final Handler<RoutingContext> admin = BearerAuth.requireRole(Principal.ADMIN);
  private final Handler<RoutingContext> staff = BearerAuth.requireAnyRole(Principal.ADMIN, Principal.ORGANISER);
  private final Handler<RoutingContext> ownShow;
  private final Handler<RoutingContext> ownOrderShow;
  private final RateLimiter credentials;
  private final AccountLimiter accounts;
  private final RateLimiter perSession;
  private final AddressBuckets publicReads;
  private final RateLimiter perUser;

  ApiRouter(Vertx vertx, JsonObject config, Backends backends, Auth auth, WaitingRoom room,
            ApiContract contract) {
    this.vertx = vertx;
    this.config = config;
    this.backends = backends;
    this.auth = auth;
    this.room = room;
    this.contract = contract;
    this.bearer = new BearerAuth(auth.accessTokens());
    ShowAccess showAccess = new ShowAccess(backends.calls());
    this.ownShow = showAccess.showInPath();
    this.ownOrderShow = showAccess.orderInPath();
    Redis redis = backends.redis();
    JsonObject limits = config.getJsonObject("rateLimit");
    ClientAddress clients = ClientAddress.trusting(config.getJsonObject("http").getString("trustedProxies"));
    this.credentials = RateLimiter.perAddress(redis, Bucket.of(limits, "perIp"), clients);
    this.accounts = new AccountLimiter(redis, limits);
    this.perSession = RateLimiter.perSession(redis, Bucket.of(limits, "perSession"), AuthRoutes::refreshSession);
    this.publicReads = new AddressBuckets(clients, Bucket.of(limits, "publicPerIp"));
    this.perUser = RateLimiter.perUser(redis, Bucket.of(limits, "perUser"));
  }

  Router build() {
    Router router = Router.router(vertx);
    router.route().handler(new RequestIdHandler());
    // Behind the TLS ingress: browsers are told to use HTTPS only (0, the default, sends no header: plain HTTP in dev).
    long hstsMaxAge = config.getJsonObject("http").getLong("hstsMaxAgeSeconds", 0L);
    if (hstsMaxAge > 0) {
      router.route().handler(new StrictTransportSecurity(hstsMaxAge));
    }
    if (config.getJsonObject("http").getBoolean("accessLog")) {
      router.route().handler(new AccessLog());
    }
    router.route("/api/*").handler(BodyHandler.create(false)
      .setBodyLimit(config.getJsonObject("http").getLong("bodyLimitBytes")));

    HealthRoutes.forRole(vertx, backends.redis(), backends.pool(), backends.kafka(), GatewayVerticle.ROLE)
      .mount(router);
    MetricsRoute.mount(router, vertx, config);

    ServiceCalls calls = backends.calls();
    auth(router);
    queue(router, room.queueRoutes());
    booking(router, new BookingRoutes(calls));
    payments(router, new PaymentRoutes(calls, room.passes()));
    WebPages.mount(router);
    ApiDocs.mount(router);

    ProblemResponder problems = new ProblemResponder();
    router.route().failureHandler(problems);
    for (int status : new int[] {400, 401, 403, 404, 405, 413, 414, 415, 429, 500}) {
      router.errorHandler(status, problems);
    }
    return router;
  }

  private void auth(Router router) {
    UserRepository users = new UserRepository(backends.pool());
    PasswordHasher hasher = auth.hasher();
    AuthRoutes routes = new AuthRoutes(users, hasher, auth.accessTokens(), auth.sessions(),
      config.getJsonObject("auth").getBoolean("secureCookie"), accounts);
    UserRoutes userRoutes = new UserRoutes(users, hasher);
    router.post("/api/v1/auth/signup").handler(credentials).handler(contract.validates("signup"))
      .handler(accounts.signup()).handler(routes::signup);
    router.post("/api/v1/auth/login").handler(credentials).handler(contract.validates("login"))
      .handler(accounts.login()).handler(routes::login);
    router.post("/api/v1/auth/refresh").handler(perSession).handler(routes::refresh);
    router.post("/api/v1/auth/logout").handler(perSession).handler(routes::logout);
    router.post("/api/v1/auth/logout-all").handler(bearer).handler(perUser).handler(routes::logoutEverywhere);
    router.get("/api/v1/me").handler(bearer).handler(perUser).handler(userRoutes::me);
    router.get("/api/v1/admin/users").handler(bearer).handler(admin).handler(perUser).handler(userRoutes::list);
    router.post("/api/v1/admin/organisers").handler(bearer).handler(admin).handler(perUser)
      .handler(contract.validates("createOrganiser")).handler(userRoutes::createOrganiser);
  }

  private void queue(Router router, QueueRoutes queue) {
    ServiceCalls calls = backends.calls();
    router.get("/.well-known/jwks.json").handler(queue::jwks);
    // Entries are batched and limited by this instance's buckets, like the polls the view answers: no Redis call each
    // (the proof of work a show may ask for is checked in memory too).
    router.post("/api/v1/queue/:showId").handler(bearer).handler(contract.validatesIfBody("enterQueue"))
      .handler(queue::enter);
    router.get("/api/v1/queue/:showId/challenge").handler(bearer).handler(perUser)
      .handler(contract.validates("queueChallenge")).handler(room.proofRoutes()::challenge);
    // A poll is answered from the gateway's view when it can (no Redis call), else by the queue service.
    router.get("/api/v1/queue/:showId").handler(bearer).handler(room.view()).handler(perUser).handler(queue::status);
    router.delete("/api/v1/queue/:showId").handler(bearer).handler(perUser).handler(queue::leave);
    router.get("/api/v1/queue/:showId/stream").handler(bearer.allowingQueryToken()).handler(perUser)
      .handler(room.streams()::open);
    router.get("/api/v1/queue/:showId/pass").handler(bearer).handler(perUser)
      .handler(new PassGuard(room.passes(), calls, QueueRoutes::showInPath)).handler(queue::pass);
    String adminQueue = "/api/v1/admin/shows/:showId/queue";
    router.put(adminQueue).handler(bearer).handler(staff).handler(perUser).handler(ownShow)
      .handler(contract.validates("configureQueue")).handler(queue::configure);
    router.get(adminQueue).handler(bearer).handler(staff).handler(perUser).handler(ownShow).handler(queue::stats);
    router.post(adminQueue + "/pause").handler(bearer).handler(staff).handler(perUser).handler(ownShow)
      .handler(queue::pause);
    router.post(adminQueue + "/resume").handler(bearer).handler(staff).handler(perUser).handler(ownShow)
      .handler(queue::resume);
    router.post(adminQueue + "/close").handler(bearer).handler(staff).handler(perUser).handler(ownShow)
      .handler(queue::close);
    router.post(adminQueue + "/drain").handler(bearer).handler(staff).handler(perUser).handler(ownShow)
      .handler(queue::drain);
    router.put(adminQueue + "/proof-of-work").handler(bearer).handler(staff).handler(perUser).handler(ownShow)
      .handler(contract.validates("configureProofOfWork")).handler(room.proofRoutes()::configure);
    router.get(adminQueue + "/proof-of-work").handler(bearer).handler(staff).handler(perUser).handler(ownShow)
      .handler(room.proofRoutes()::setting);
  }

  private void payments(Router router, PaymentRoutes payments) {
    // The pass check is inside pay: a repeat of an answered key is answered even after paying revoked the pass.
    router.post("/api/v1/payments").handler(bearer).handler(perUser).handler(contract.validates("pay"))
      .handler(payments::pay);
    router.get("/api/v1/payments/:paymentId").handler(bearer).handler(perUser).handler(payments::get);
  }

  private void booking(Router router, BookingRoutes booking) {
    router.post("/api/v1/admin/shows").handler(bearer).handler(staff).handler(perUser)
      .handler(contract.validates("createShow")).handler(booking::createShow);
    router.get("/api/v1/admin/shows").handler(bearer).handler(staff).handler(perUser).handler(booking::ownedShows);
    router.get("/api/v1/admin/shows/:showId/sales").handler(bearer).handler(staff).handler(perUser).handler(ownShow)
      .handler(booking::sales);
    router.get("/api/v1/admin/shows/:showId/outcomes").handler(bearer).handler(staff).handler(perUser)
      .handler(ownShow).handler(new OutcomeRoutes(backends.calls())::outcomes);
    router.get("/api/v1/shows").handler(publicReads).handler(booking::listShows);
    router.get("/api/v1/shows/:showId").handler(publicReads).handler(booking::getShow);
    router.get("/api/v1/schedules/:scheduleId/seats").handler(publicReads).handler(booking::seatMap);
    router.post("/api/v1/orders").handler(bearer).handler(perUser).handler(contract.validates("holdSeats"))
      .handler(new PassGuard(room.passes(), backends.calls(), booking::showOfHold)).handler(booking::hold);
    router.get("/api/v1/orders").handler(bearer).handler(perUser).handler(booking::myOrders);
    router.get("/api/v1/orders/:orderId").handler(bearer).handler(perUser).handler(booking::getOrder);
    router.post("/api/v1/orders/:orderId/refund").handler(bearer).handler(perUser).handler(booking::refundOrder);
    router.post("/api/v1/admin/orders/:orderId/refund").handler(bearer).handler(staff).handler(perUser)
      .handler(ownOrderShow).handler(booking::adminRefund);
    router.delete("/api/v1/orders/:orderId").handler(bearer).handler(perUser).handler(booking::cancelOrder);
  }
}
