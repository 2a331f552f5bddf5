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
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.ticketping.queue.QueueTesting.request;
import static io.ticketping.queue.QueueTesting.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis Cluster placement, checked without a cluster: CLUSTER KEYSLOT needs cluster mode, so the slot is computed
 * here as the cluster specification defines it (CRC16-XMODEM of the hash tag, mod 16384).
 */
@ExtendWith(VertxExtension.class)
class HashSlotTest {

  @BeforeEach
  void reset() {
    TestServers.get().reset();
  }

  @Test
  @DisplayName("the slot function matches the cluster specification's examples")
  void slotFunction() {
    assertThat(crc16("123456789")).isEqualTo(0x31C3);
    assertThat(slot("foo")).isEqualTo(12182);
    assertThat(slot("{user1000}.following")).isEqualTo(slot("{user1000}.followers"));
    assertThat(slot("foo{}{bar}")).as("an empty tag hashes the whole key").isEqualTo(crc16("foo{}{bar}") % 16384);
    assertThat(slot("foo{{bar}}zap")).isEqualTo(slot("{bar"));
  }

  @Test
  @DisplayName("all keys of one show share one slot, and two shows land in different slots")
  void oneSlotPerShow() {
    assertThat(slots(keys("show-1"))).hasSize(1);
    assertThat(slots(keys("show-2"))).hasSize(1);
    assertThat(slots(keys("show-1"))).doesNotContainAnyElementsOf(slots(keys("show-2")));
    // Many shows spread over many slots instead of one hot node.
    Set<Integer> spread = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      spread.addAll(slots(keys("show-" + i)));
    }
    assertThat(spread.size()).isGreaterThan(90);
  }

  @Test
  @DisplayName("every key the scripts create for a show carries that show's hash tag")
  void scriptsStayInTheirSlot(Vertx vertx, VertxTestContext ctx) {
    WaitingRoom room = QueueTesting.room(vertx);
    QueueTesting.deploy(vertx, 0)
      .compose(v -> QueueTesting.openShow(vertx, "a", 1))
      .compose(v -> request(vertx, QueueAddresses.CONFIGURE, new JsonObject().put("showId", "b")
        .put("opensAt", System.currentTimeMillis() + 60_000)))
      .compose(v -> Future.all(request(vertx, QueueAddresses.ENTER, user("a", 1)),
        request(vertx, QueueAddresses.ENTER, user("a", 2)), request(vertx, QueueAddresses.ENTER, user("b", 1))))
      .compose(v -> request(vertx, QueueAddresses.ENTER, user("a", 3)))
      .compose(v -> Future.all(room.tick("a"), room.tick("b")))
      .compose(v -> request(vertx, QueueAddresses.LEAVE, user("a", 3))) // a waiter: logged
      .compose(v -> QueueTesting.redis(vertx).send(Request.cmd(Command.KEYS).arg("*")))
      .onComplete(ctx.succeeding(keys -> ctx.verify(() -> {
        List<String> names = new ArrayList<>();
        keys.forEach(k -> names.add(k.toString()));
        assertThat(names).contains(QueueKeys.SHOWS, QueueKeys.waiting("a"), QueueKeys.working("a"),
          QueueKeys.pre("b"), QueueKeys.admits("a"), QueueKeys.log("a"));
        assertThat(names).as("heartbeat bitmaps").anyMatch(name -> name.startsWith(QueueKeys.beats("a") + ":"));
        names.remove(QueueKeys.SHOWS);
        assertThat(names).allSatisfy(name -> assertThat(name).matches("q:\\{(a|b)\\}:[a-z]+(:[0-9]+:[0-9]+)?"));
        assertThat(names.stream().filter(n -> n.startsWith("q:{a}")).map(HashSlotTest::slot).distinct())
          .containsExactly(slot("{a}"));
        ctx.completeNow();
      })));
  }

  private static List<String> keys(String showId) {
    List<String> keys = new ArrayList<>(QueueKeys.all(showId));
    keys.add(QueueKeys.beats(showId));
    return keys;
  }

  private static Set<Integer> slots(List<String> keys) {
    return keys.stream().map(HashSlotTest::slot).collect(Collectors.toSet());
  }

  /** The cluster slot of a key: only the part between the first '{' and the next '}' counts, when not empty. */
  static int slot(String key) {
    int open = key.indexOf('{');
    if (open >= 0) {
      int close = key.indexOf('}', open + 1);
      if (close > open + 1) {
        key = key.substring(open + 1, close);
      }
    }
    return crc16(key) % 16384;
  }

  /** CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, as in the cluster specification. */
  static int crc16(String text) {
    int crc = 0;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      crc ^= (b & 0xFF) << 8;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
        crc &= 0xFFFF;
      }
    }
    return crc;
  }
}
