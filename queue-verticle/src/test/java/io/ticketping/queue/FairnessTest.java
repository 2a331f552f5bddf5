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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.ticketping.queue.QueueTesting.SHOW;
import static io.ticketping.queue.QueueTesting.concurrently;
import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class FairnessTest {

  private static final int USERS = 1000;

  @BeforeEach
  void reset(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().reset();
    QueueTesting.deploy(vertx, 0).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("1,000 users entering a paused queue through 250 concurrent clients get places 1 to 1,000 in ticket "
    + "order, and after resume are admitted in exactly that order")
  void firstComeFirstServed(Vertx vertx, VertxTestContext ctx) {
    Redis redis = QueueTesting.redis(vertx);
    List<Long> admittedInOrder = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger admittingTicks = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(QueueAddresses.TICKED, m -> {
      m.body().getJsonArray("admitted").forEach(id -> admittedInOrder.add(((Number) id).longValue()));
      if (!m.body().getJsonArray("admitted").isEmpty()) {
        admittingTicks.incrementAndGet();
      }
    });

    // 500 a second with 100 ms ticks: the line is admitted over several ticks, not in one go.
    request(vertx, QueueAddresses.CONFIGURE, new JsonObject().put("showId", SHOW).put("capacity", USERS)
      .put("admitPerMinute", 30_000))
      .compose(v -> request(vertx, QueueAddresses.PAUSE, QueueTesting.show(SHOW)))
      .compose(v -> concurrently(250, USERS, i -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1000 + i))))
      .compose(entered -> {
        List<Future<Long>> tickets = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
          tickets.add(QueueTesting.ticket(redis, SHOW, 1000 + i));
        }
        return Future.all(tickets).map(all -> {
          ctx.verify(() -> {
            assertThat(entered.maxInFlight()).isGreaterThanOrEqualTo(200);
            List<Long> positions = entered.results().stream().map(r -> r.getLong("position")).toList();
            assertThat(entered.results()).allSatisfy(r -> assertThat(r.getString("status")).isEqualTo("WAITING"));
            assertThat(positions).containsExactlyInAnyOrderElementsOf(
              LongStream.rangeClosed(1, USERS).boxed().toList());
            // Nobody left or was added in between, so each place is the ticket number.
            for (int i = 0; i < USERS; i++) {
              assertThat(tickets.get(i).result()).isEqualTo(positions.get(i));
            }
          });
          return entered;
        });
      })
      .compose(entered -> {
        AdmissionTicker ticker = new AdmissionTicker(vertx, QueueTesting.room(vertx), 100).start();
        return request(vertx, QueueAddresses.RESUME, QueueTesting.show(SHOW))
          .compose(v -> QueueTesting.until(vertx, 10_000, () -> Future.succeededFuture(admittedInOrder.size() == USERS)))
          .eventually(() -> {
            ticker.stop();
            return Future.succeededFuture();
          })
          .map(v -> entered);
      })
      .onComplete(ctx.succeeding(entered -> ctx.verify(() -> {
        List<Long> byPlace = new ArrayList<>(Collections.nCopies(USERS, 0L));
        for (int i = 0; i < USERS; i++) {
          byPlace.set(entered.results().get(i).getLong("position").intValue() - 1, 1000L + i);
        }
        assertThat(admittedInOrder).containsExactlyElementsOf(byPlace);
        assertThat(admittingTicks.get()).as("ticks that admitted someone").isGreaterThan(5);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("one user entering 50 times at once holds exactly one place in the line")
  void enteringTwiceKeepsOnePlace(Vertx vertx, VertxTestContext ctx) {
    Redis redis = QueueTesting.redis(vertx);
    QueueTesting.openShow(vertx, SHOW, 0)
      .compose(v -> request(vertx, QueueAddresses.ENTER, user(SHOW, 1)))
      .compose(v -> concurrently(50, 50, i -> request(vertx, QueueAddresses.ENTER, user(SHOW, 7))))
      .compose(entered -> Future.all(QueueTesting.zcard(redis, QueueKeys.waiting(SHOW)),
          redis.send(Request.cmd(Command.GET).arg(QueueKeys.seq(SHOW))))
        .map(counts -> {
          ctx.verify(() -> {
            assertThat(entered.results()).allSatisfy(r -> {
              assertThat(r.getString("status")).isEqualTo("WAITING");
              assertThat(r.getLong("position")).isEqualTo(2);
              assertThat(r.getLong("total")).isEqualTo(2);
            });
            assertThat(counts.<Long>resultAt(0)).isEqualTo(2);
            assertThat(counts.resultAt(1).toString()).isEqualTo("2");
          });
          return entered;
        }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("one user entering an open queue 50 times at once is admitted once and holds one pass")
  void admittedOnce(Vertx vertx, VertxTestContext ctx) {
    Redis redis = QueueTesting.redis(vertx);
    QueueTesting.openShow(vertx, SHOW, 10)
      .compose(v -> concurrently(50, 50, i -> request(vertx, QueueAddresses.ENTER, user(SHOW, 7))))
      .compose(entered -> Future.all(QueueTesting.zcard(redis, QueueKeys.working(SHOW)),
          request(vertx, QueueAddresses.STATS, QueueTesting.show(SHOW)))
        .onComplete(ctx.succeeding(counts -> ctx.verify(() -> {
          assertThat(entered.results()).allSatisfy(r -> assertThat(r.getString("status")).isEqualTo("ADMITTED"));
          assertThat(new HashSet<>(entered.results().stream().map(r -> r.getLong("passExpiresAt"))
            .collect(Collectors.toList()))).hasSize(1);
          assertThat(counts.<Long>resultAt(0)).isEqualTo(1);
          assertThat(counts.<JsonObject>resultAt(1).getLong("admittedTotal")).isEqualTo(1);
          ctx.completeNow();
        }))));
  }
}
