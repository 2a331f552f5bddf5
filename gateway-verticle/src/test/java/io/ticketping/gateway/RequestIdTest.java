package io.ticketping.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ticketping.shared.bus.ServiceEndpoints;
import io.ticketping.shared.observability.RequestIdMdc;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.testing.Waits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request id from the client to the service behind the event bus: the service's log lines, read through a real
 * logback appender, carry it in their MDC (as the JSON logs do), without the service doing anything for it.
 */
@ExtendWith(VertxExtension.class)
class RequestIdTest {

  private final ListAppender<ILoggingEvent> serviceLog = new ListAppender<>();
  private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();
  private GatewayFixture gw;

  @BeforeEach
  void start(Vertx vertx) {
    attach(ServiceEndpoints.class.getName(), serviceLog, Level.DEBUG);
    attach("ticketping.access", accessLog, Level.INFO);
    gw = GatewayFixture.startWithQueue(vertx, config -> config.getJsonObject("http").put("accessLog", true));
  }

  @AfterEach
  void detach() {
    for (Logger logger : List.of(logger(ServiceEndpoints.class.getName()), logger("ticketping.access"))) {
      logger.detachAppender(serviceLog);
      logger.detachAppender(accessLog);
      logger.setLevel(null);
    }
  }

  @Test
  @DisplayName("a client's X-Request-Id comes back in the response, in the access log and in the MDC of the queue "
    + "service's log line for that call")
  void clientIdReachesTheService(VertxTestContext ctx) {
    String id = "client-req-42";
    gw.client.get("/api/v1/queue/show-rid").bearerTokenAuthentication(gw.tokenFor(7, "USER"))
      .putHeader("X-Request-Id", id).send()
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertThat(r.statusCode()).as("not in line, but the queue service answered").isEqualTo(404);
        assertThat(r.getHeader("X-Request-Id")).isEqualTo(id);
        List<ILoggingEvent> calls = eventsFor(serviceLog, QueueAddresses.STATUS);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getMDCPropertyMap()).containsEntry(RequestIdMdc.REQUEST_ID, id);
        assertThat(calls.get(0).getThreadName()).as("logged on an event loop").contains("eventloop");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("without a usable X-Request-Id the gateway makes one, returns it and logs it; each request gets its own")
  void gatewayMakesIds(Vertx vertx, VertxTestContext ctx) {
    String token = gw.tokenFor(8, "USER");
    gw.client.get("/api/v1/queue/show-rid").bearerTokenAuthentication(token).send()
      .compose(first -> gw.client.get("/api/v1/queue/show-rid").bearerTokenAuthentication(token)
        .putHeader("X-Request-Id", "bad id\" with=quotes").send()
        .map(second -> List.of(first.getHeader("X-Request-Id"), second.getHeader("X-Request-Id"))))
      // The access line is written when the response ends, which may be just after the client has it.
      .compose(ids -> Waits.eventually(vertx, "two access log lines", 5000,
        () -> Future.succeededFuture(events(accessLog).size() >= 2)).map(ids))
      .onComplete(ctx.succeeding(ids -> ctx.verify(() -> {
        assertThat(ids).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{32}")).doesNotHaveDuplicates();
        assertThat(eventsFor(serviceLog, QueueAddresses.STATUS))
          .extracting(e -> e.getMDCPropertyMap().get(RequestIdMdc.REQUEST_ID))
          .containsExactlyElementsOf(ids);
        assertThat(events(accessLog)).extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(line -> assertThat(line).endsWith("request=" + ids.get(0)))
          .anySatisfy(line -> assertThat(line).endsWith("request=" + ids.get(1)));
        ctx.completeNow();
      })));
  }

  private static List<ILoggingEvent> eventsFor(ListAppender<ILoggingEvent> appender, String address) {
    return events(appender).stream()
      .filter(e -> e.getArgumentArray() != null && List.of(e.getArgumentArray()).contains(address))
      .toList();
  }

  /** A copy of what the appender holds (it appends under its own lock, from event-loop threads). */
  private static List<ILoggingEvent> events(ListAppender<ILoggingEvent> appender) {
    synchronized (appender) {
      return List.copyOf(appender.list);
    }
  }

  private static void attach(String name, ListAppender<ILoggingEvent> appender, Level level) {
    appender.start();
    Logger logger = logger(name);
    logger.setLevel(level);
    logger.addAppender(appender);
  }

  private static Logger logger(String name) {
    return (Logger) LoggerFactory.getLogger(name);
  }
}
