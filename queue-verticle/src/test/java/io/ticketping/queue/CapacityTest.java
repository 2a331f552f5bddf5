package io.ticketping.queue;

import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.concurrently;
import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class CapacityTest {

  private static final int CAPACITY = 50;
  private static final int USERS = 2000;

  @BeforeEach
  void reset(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().reset();
    QueueTesting.deploy(vertx, 0).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("four tickers at once over a line of 2,000 never let the working set exceed a capacity of 50, and "
    + "passes that run out free their slots for the next in line")
  void capacityHoldsUnderConcurrentTickers(Vertx vertx, VertxTestContext ctx) {
    Redis redis = QueueTesting.redis(vertx);
    List<Long> admitted = Collections.synchronizedList(new ArrayList<>());
    vertx.eventBus().<JsonObject>consumer(QueueAddresses.TICKED, m ->
      m.body().getJsonArray("admitted").forEach(id -> admitted.add(((Number) id).longValue())));
    AtomicLong largestWorkingSet = new AtomicLong();
    AtomicBoolean sampling = new AtomicBoolean(true);
    List<AdmissionTicker> tickers = new ArrayList<>();
    Map<Long, Long> userByTicket = new ConcurrentHashMap<>();

    request(vertx, QueueAddresses.CONFIGURE, new JsonObject().put("showId", SHOW).put("capacity", 0)
      .put("passTtlSeconds", 1))
      .compose(v -> concurrently(250, USERS, i -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1 + i))
        // Nobody leaves while the line fills, so each place is the ticket number.
        .onSuccess(r -> userByTicket.put(r.getLong("position"), 1L + i))))
      .compose(v -> request(vertx, QueueAddresses.CONFIGURE, new JsonObject().put("showId", SHOW)
        .put("capacity", CAPACITY)))
      .compose(v -> {
        Future<Void> sampler = sample(redis, sampling, largestWorkingSet);
        for (int i = 0; i < 4; i++) {
          // Each ticker has its own Redis connection pool, as separate instances would.
          tickers.add(new AdmissionTicker(vertx, QueueTesting.room(vertx), 40).start());
        }
        // Meanwhile people keep polling and arriving: entering is the other path that admits.
        Future<?> traffic = concurrently(50, 1000, i -> i % 2 == 0
          ? request(vertx, QueueAddresses.ENTER, user(SHOW, 10_000 + i))
          : request(vertx, QueueAddresses.STATUS, user(SHOW, 1 + i)).otherwiseEmpty());
        return Future.all(traffic, QueueTesting.sleep(vertx, 3300)).compose(done -> {
          tickers.forEach(AdmissionTicker::stop);
          sampling.set(false);
          return sampler;
        });
      })
      .compose(v -> QueueTesting.sleep(vertx, 100)) // lets a tick still in flight publish
      .compose(v -> Future.all(request(vertx, QueueAddresses.STATS, QueueTesting.show(SHOW)),
        redis.send(Request.cmd(Command.ZRANGE).arg(QueueKeys.waiting(SHOW)).arg(0).arg(0).arg("WITHSCORES"))))
      .onComplete(ctx.succeeding(done -> ctx.verify(() -> {
        JsonObject stats = done.resultAt(0);
        Response head = done.resultAt(1); // RESP3: [[member, score]]
        long admittedTotal = stats.getLong("admittedTotal");
        assertThat(largestWorkingSet.get()).isEqualTo(CAPACITY);
        // Passes last 1 s over ~3.3 s of ticking: the slots were handed on at least three times.
        assertThat(admittedTotal).isGreaterThanOrEqualTo(3L * CAPACITY);
        assertThat(admitted).doesNotHaveDuplicates().hasSize((int) admittedTotal);
        // Strictly from the head of the line: exactly the first admittedTotal tickets.
        assertThat(admitted).containsExactlyInAnyOrderElementsOf(
          LongStream.rangeClosed(1, admittedTotal).mapToObj(userByTicket::get).toList());
        assertThat(head.get(0).get(1).toLong()).as("ticket at the head of the line").isEqualTo(admittedTotal + 1);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("200 arrivals at once at an open, empty queue of capacity 50: 50 are admitted at once, 150 wait in "
    + "places 1 to 150")
  void directAdmissionRespectsCapacity(Vertx vertx, VertxTestContext ctx) {
    Redis redis = QueueTesting.redis(vertx);
    QueueTesting.openShow(vertx, SHOW, CAPACITY)
      .compose(v -> concurrently(200, 200, i -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1 + i))))
      .compose(entered -> QueueTesting.zcard(redis, QueueKeys.working(SHOW)).map(working -> {
        ctx.verify(() -> {
          assertThat(working).isEqualTo(CAPACITY);
          assertThat(entered.results().stream().filter(r -> r.getString("status").equals("ADMITTED")))
            .hasSize(CAPACITY);
          assertThat(entered.results().stream().filter(r -> r.getString("status").equals("WAITING"))
            .map(r -> r.getLong("position")))
            .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 150).boxed().toList());
        });
        return working;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  /** Reads ZCARD of the working set back to back until told to stop, keeping the largest value seen. */
  private static Future<Void> sample(Redis redis, AtomicBoolean sampling, AtomicLong largest) {
    return QueueTesting.repeatWhile(sampling::get, () -> QueueTesting.zcard(redis, QueueKeys.working(SHOW))
      .onSuccess(size -> largest.accumulateAndGet(size, Math::max)));
  }
}
