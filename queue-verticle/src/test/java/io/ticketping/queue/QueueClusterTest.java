package io.ticketping.queue;

import io.ticketping.shared.devservices.RedisCluster;
import io.ticketping.shared.queue.QueueAddresses;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;

import static io.ticketping.queue.QueueTesting.concurrently;
import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

/** The waiting room on a Redis Cluster of three masters: same behaviour, and shows spread over the masters. */
@ExtendWith(VertxExtension.class)
class QueueClusterTest {

  private static final int USERS = 300;

  @BeforeEach
  void reset(Vertx vertx, VertxTestContext ctx) {
    TestServers.get().redisCluster();
    TestServers.get().reset();
    QueueTesting.deployOnCluster(vertx, 0).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("on the cluster, 300 users entering a paused queue through 100 clients get places 1 to 300 in ticket "
    + "order, a batched positions call agrees, and after resume they are admitted in exactly that order")
  void fairnessOnCluster(Vertx vertx, VertxTestContext ctx) {
    String show = showOwnedBy(TestServers.get().redisCluster(), 0);
    List<Long> admittedInOrder = Collections.synchronizedList(new ArrayList<>());
    vertx.eventBus().<JsonObject>consumer(QueueAddresses.TICKED, m ->
      m.body().getJsonArray("admitted").forEach(id -> admittedInOrder.add(((Number) id).longValue())));
    List<Long> byPlace = new ArrayList<>(Collections.nCopies(USERS, 0L));

    request(vertx, QueueAddresses.CONFIGURE, new JsonObject().put("showId", show).put("capacity", USERS)
      .put("admitPerMinute", 60_000))
      .compose(v -> request(vertx, QueueAddresses.PAUSE, QueueTesting.show(show)))
      .compose(v -> concurrently(100, USERS, i -> request(vertx, QueueAddresses.ENTER, user(show, 1000 + i))))
      .compose(entered -> {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
          byPlace.set(entered.results().get(i).getLong("position").intValue() - 1, 1000L + i);
          ids.add(1000L + i);
        }
        ctx.verify(() -> assertThat(entered.results().stream().map(r -> r.getLong("position")))
          .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, USERS).boxed().toList()));
        return request(vertx, QueueAddresses.POSITIONS, new JsonObject().put("showId", show)
          .put("userIds", new JsonArray(ids)));
      })
      .compose(positions -> {
        ctx.verify(() -> {
          JsonObject users = positions.getJsonObject("users");
          for (int place = 1; place <= USERS; place++) {
            assertThat(users.getJsonObject(String.valueOf(byPlace.get(place - 1))).getLong("position"))
              .isEqualTo(place);
          }
        });
        AdmissionTicker ticker = new AdmissionTicker(vertx, QueueTesting.clusterRoom(vertx), 50).start();
        return request(vertx, QueueAddresses.RESUME, QueueTesting.show(show))
          .compose(v -> QueueTesting.until(vertx, 10_000,
            () -> Future.succeededFuture(admittedInOrder.size() == USERS)))
          .eventually(() -> {
            ticker.stop();
            return Future.succeededFuture();
          });
      })
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        assertThat(admittedInOrder).containsExactlyElementsOf(byPlace);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("on the cluster, 100 arrivals at once at an open queue of capacity 20: 20 admitted, 80 wait in places "
    + "1 to 80; a released pass lets exactly the head of the line in at the next tick")
  void capacityOnCluster(Vertx vertx, VertxTestContext ctx) {
    String show = showOwnedBy(TestServers.get().redisCluster(), 1);
    Redis redis = QueueTesting.clusterRedis(vertx);
    WaitingRoom room = QueueTesting.clusterRoom(vertx);
    QueueTesting.openShow(vertx, show, 20)
      .compose(v -> concurrently(100, 100, i -> request(vertx, QueueAddresses.ENTER, user(show, 1 + i))))
      .compose(entered -> {
        ctx.verify(() -> {
          assertThat(entered.results().stream().filter(r -> r.getString("status").equals("ADMITTED"))).hasSize(20);
          assertThat(entered.results().stream().filter(r -> r.getString("status").equals("WAITING"))
            .map(r -> r.getLong("position")))
            .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 80).boxed().toList());
        });
        long admittedUser = 1 + entered.results().indexOf(entered.results().stream()
          .filter(r -> r.getString("status").equals("ADMITTED")).findFirst().orElseThrow());
        long head = 1 + entered.results().indexOf(entered.results().stream()
          .filter(r -> "WAITING".equals(r.getString("status")) && r.getLong("position") == 1).findFirst().orElseThrow());
        return room.tick(show)
          .compose(full -> {
            ctx.verify(() -> assertThat(full.admitted()).as("a full working set admits nobody").isEmpty());
            return request(vertx, QueueAddresses.RELEASE, user(show, admittedUser));
          })
          .compose(released -> room.tick(show))
          .compose(tick -> Future.all(QueueTesting.zcard(redis, QueueKeys.working(show)),
              request(vertx, QueueAddresses.STATUS, user(show, head)))
            .map(after -> {
              ctx.verify(() -> {
                assertThat(tick.admitted()).containsExactly(head);
                assertThat(after.<Long>resultAt(0)).isEqualTo(20);
                assertThat(after.<JsonObject>resultAt(1).getString("status")).isEqualTo("ADMITTED");
              });
              return tick;
            }));
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("queues of two shows land on two different masters, every key of a show on its one master, and the "
    + "verticle's ticker admits on both")
  void showsSpreadOverMasters(Vertx vertx, VertxTestContext ctx) {
    RedisCluster cluster = TestServers.get().redisCluster();
    String showA = showOwnedBy(cluster, 0);
    String showB = showOwnedBy(cluster, 1);
    int nodeA = cluster.ports().get(0);
    int nodeB = cluster.ports().get(1);
    // A second deployment with a ticker: it iterates q:shows and ticks each show on its own master.
    QueueTesting.deployOnCluster(vertx, 50)
      .compose(v -> Future.all(QueueTesting.openShow(vertx, showA, 0), QueueTesting.openShow(vertx, showB, 0)))
      .compose(v -> concurrently(20, 40, i -> request(vertx, QueueAddresses.ENTER, user(i % 2 == 0 ? showA : showB,
        1 + i))))
      .compose(v -> Future.all(QueueTesting.openShow(vertx, showA, 5), QueueTesting.openShow(vertx, showB, 5)))
      .compose(v -> QueueTesting.until(vertx, 10_000, () -> Future.all(
          request(vertx, QueueAddresses.STATS, QueueTesting.show(showA)),
          request(vertx, QueueAddresses.STATS, QueueTesting.show(showB)))
        .map(stats -> stats.<JsonObject>resultAt(0).getLong("admittedTotal") == 5
          && stats.<JsonObject>resultAt(1).getLong("admittedTotal") == 5)))
      // redis-cli runs as a child process: off the event loop.
      .compose(v -> vertx.executeBlocking(() -> cluster.ports().stream().map(cluster::keysOn).toList()))
      .onComplete(ctx.succeeding(keysByNode -> ctx.verify(() -> {
        assertThat(nodeA).isNotEqualTo(nodeB);
        List<String> onA = keysByNode.get(0);
        List<String> onB = keysByNode.get(1);
        List<String> keysA = List.of(QueueKeys.seq(showA), QueueKeys.waiting(showA), QueueKeys.working(showA),
          QueueKeys.meta(showA), QueueKeys.admits(showA));
        List<String> keysB = List.of(QueueKeys.seq(showB), QueueKeys.waiting(showB), QueueKeys.working(showB),
          QueueKeys.meta(showB), QueueKeys.admits(showB));
        assertThat(onA).containsAll(keysA).noneMatch(k -> k.contains(QueueKeys.hashTag(showB)));
        assertThat(onB).containsAll(keysB).noneMatch(k -> k.contains(QueueKeys.hashTag(showA)));
        for (String show : List.of(showA, showB)) {
          assertThat(keysByNode.stream().filter(keys -> keys.stream()
            .anyMatch(k -> k.contains(QueueKeys.hashTag(show))))).as("masters holding keys of %s", show).hasSize(1);
        }
        ctx.completeNow();
      })));
  }

  /** A show id whose hash tag maps to a slot owned by the {@code index}-th master, asked of the cluster itself. */
  static String showOwnedBy(RedisCluster cluster, int index) {
    int port = cluster.ports().get(index);
    for (int i = 1; ; i++) {
      String show = "show-" + i;
      if (cluster.ownerOf(cluster.keySlot(QueueKeys.meta(show))) == port) {
        return show;
      }
    }
  }
}
