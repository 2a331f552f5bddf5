package io.ticketping.queue;

import io.ticketping.shared.queue.LineReader;
import io.ticketping.shared.queue.LineView;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import static io.ticketping.queue.LineTesting.enterAll;
import static io.ticketping.queue.LineTesting.heartbeats;
import static io.ticketping.queue.LineTesting.leave;
import static io.ticketping.queue.LineTesting.mismatches;
import static io.ticketping.queue.LineTesting.ranks;
import static io.ticketping.queue.LineTesting.wrongAnswers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A copy of the line kept by its changes ({@link LineReader}, {@link LineView}) answers every waiter's exact position:
 * compared with ZRANK + 1 in Redis after each tick, through every way of joining and leaving the line, for a reader
 * there from the start, one that starts late, and one whose place in the log was trimmed away. The suite runs on the
 * standalone Redis and again on the 3-master cluster.
 */
@ExtendWith(VertxExtension.class)
class LineChangesTest {

  private static final String SHOW = "line";

  private final Random random = new Random(42);
  private long nextUser = 1;

  @BeforeEach
  void reset() {
    TestServers.get().reset();
  }

  @Test
  @DisplayName("after every tick of a churning line (arrivals, leavers, idle waiters dropped, admissions, re-entries "
    + "with new tickets, the pre-queue shuffled in twice), every position the reader answers is ZRANK + 1, and nobody "
    + "out of line has one")
  void exactUnderChurn(Vertx vertx) {
    Redis redis = QueueTesting.redis(vertx);
    WaitingRoom room = QueueTesting.room(vertx);
    // Idle timeout 1 s: a waiter that gets no heartbeat is dropped one to two seconds later.
    room.configure(SHOW, new QueueSettings(100_000, 6_000, 600, 1, System.currentTimeMillis() + 1_000)).await();
    Set<Long> universe = new LinkedHashSet<>();
    enterAll(room, SHOW, newUsers(1_500, universe)); // pre-queued: shuffled in at the opening
    // Small slices, so that a refresh often takes several calls (arrivals and log alike).
    LineReader reader = new LineReader(vertx, redis, 700, 30);
    LineView view = new LineView();
    List<Long> leavers = new ArrayList<>();
    Set<Long> ghosts = new HashSet<>();
    long admitted = 0;
    long dropped = 0;
    long shuffled = 0;
    int checked = 0;
    for (int round = 0; round < 36; round++) {
      long started = System.currentTimeMillis();
      Map<Long, Integer> before = ranks(redis, SHOW);
      List<Long> waiting = new ArrayList<>(before.keySet());
      waiting.removeAll(ghosts);
      if (round == 14) {
        // A second opening: newcomers wait in the pre-queue, then are shuffled in behind the line.
        room.configure(SHOW, new QueueSettings(null, null, null, null, System.currentTimeMillis() + 900)).await();
      }
      List<Long> arriving = newUsers(100 + random.nextInt(100), universe);
      for (int i = 0; i < 20 && !leavers.isEmpty(); i++) {
        arriving.add(leavers.remove(random.nextInt(leavers.size()))); // back, with a new ticket
      }
      enterAll(room, SHOW, arriving);
      List<Long> leaving = pick(waiting, 40);
      leave(room, SHOW, leaving);
      leavers.addAll(leaving);
      waiting.removeAll(leaving);
      ghosts.addAll(pick(waiting, 12)); // silent from now on: dropped by a later tick
      waiting.removeAll(ghosts);
      waiting.addAll(arriving);
      heartbeats(room, SHOW, waiting);
      TickResult tick = room.tick(SHOW).await();
      admitted += tick.admitted().size();
      dropped += tick.dropped();
      shuffled += tick.opened();

      assertThat(reader.refresh(SHOW, view, System.currentTimeMillis()).await()).isTrue();
      Map<Long, Integer> ranks = ranks(redis, SHOW);
      assertThat(mismatches(view, ranks, universe)).as("round %d", round).isEmpty();
      assertThat(view.known()).isEqualTo(ranks.size());
      checked += universe.size();
      long sample = waiting.isEmpty() ? 0 : waiting.get(random.nextInt(waiting.size()));
      if (ranks.containsKey(sample)) {
        JsonObject status = view.statusOf(sample);
        assertThat(status.getLong("position")).isEqualTo((long) ranks.get(sample));
        assertThat(status.getLong("total")).isEqualTo((long) ranks.size());
      }
      QueueTesting.sleep(vertx, Math.max(1, 250 - (System.currentTimeMillis() - started))).await();
    }
    assertThat(admitted).as("admissions").isGreaterThan(200);
    assertThat(dropped).as("idle waiters dropped").isGreaterThan(100);
    assertThat(shuffled).as("pre-queued users shuffled in").isGreaterThan(1_500);
    assertThat(checked).as("positions compared").isGreaterThan(100_000);
  }

  @Test
  @DisplayName("a reader that starts late catches up from the line, a slice per call, while it keeps changing: every "
    + "position it answers on the way is exact, and once caught up it knows every waiter")
  void lateReaderCatchesUp(Vertx vertx) {
    Redis redis = QueueTesting.redis(vertx);
    WaitingRoom room = QueueTesting.room(vertx);
    room.configure(SHOW, new QueueSettings(100_000, 3_000, 600, 600, 0L)).await();
    Set<Long> universe = new LinkedHashSet<>();
    enterAll(room, SHOW, newUsers(4_000, universe));
    List<Long> early = pick(new ArrayList<>(ranks(redis, SHOW).keySet()), 300);
    leave(room, SHOW, early);
    room.tick(SHOW).await();

    // 250 arrivals per call, 4 calls per refresh: 1,000 waiters learnt per refresh.
    LineReader reader = new LineReader(vertx, redis, 250, 10_000);
    LineView view = new LineView();
    int refreshes = 0;
    Map<Long, Integer> ranks;
    do {
      assertThat(reader.refresh(SHOW, view, System.currentTimeMillis()).await()).isTrue();
      refreshes++;
      ranks = ranks(redis, SHOW);
      assertThat(wrongAnswers(view, ranks, universe)).as("refresh %d", refreshes).isEmpty();
      if (refreshes == 1) {
        assertThat(view.known()).as("known after one refresh").isEqualTo(1_000);
      }
      // Meanwhile: some leave (known to the reader or not yet), others come back or arrive, the head moves.
      List<Long> waiting = new ArrayList<>(ranks.keySet());
      List<Long> leaving = pick(waiting, 50);
      leave(room, SHOW, leaving);
      List<Long> arriving = newUsers(100, universe);
      arriving.addAll(leaving.subList(0, 10));
      enterAll(room, SHOW, arriving);
      room.tick(SHOW).await();
    } while (view.known() < ranks.size() && refreshes < 10);
    assertThat(refreshes).as("refreshes to catch up").isBetween(4, 6);
    assertThat(reader.refresh(SHOW, view, System.currentTimeMillis()).await()).isTrue();
    ranks = ranks(redis, SHOW);
    assertThat(mismatches(view, ranks, universe)).isEmpty();
    assertThat(view.known()).isEqualTo(ranks.size());
  }

  @Test
  @DisplayName("a reader whose place in the log was trimmed away starts over from the line, and is exact after")
  void trimmedReaderStartsOver(Vertx vertx) {
    Redis redis = QueueTesting.redis(vertx);
    WaitingRoom room = new WaitingRoom(redis, 10_000, 300); // the log keeps an entry 300 ms
    room.configure(SHOW, new QueueSettings(100_000, 600, 600, 600, 0L)).await();
    Set<Long> universe = new LinkedHashSet<>();
    enterAll(room, SHOW, newUsers(2_000, universe));
    LineReader reader = new LineReader(vertx, redis, 500, 10_000);
    LineView view = new LineView();
    assertThat(reader.refresh(SHOW, view, System.currentTimeMillis()).await()).isTrue();
    assertThat(mismatches(view, ranks(redis, SHOW), universe)).isEmpty();
    Response first = reader.read(SHOW, "", 0).await();
    String oldCursor = first.get(9).toString();
    long oldLastSeq = first.get(15).toLong();

    List<Long> leaving = pick(new ArrayList<>(ranks(redis, SHOW).keySet()), 200);
    leave(room, SHOW, leaving);
    enterAll(room, SHOW, newUsers(300, universe));
    QueueTesting.sleep(vertx, 600).await();
    room.tick(SHOW).await(); // trims every entry older than 300 ms: all the departures
    assertThat(redis.send(Request.cmd(Command.XLEN).arg(QueueKeys.log(SHOW))).await().toLong()).isZero();
    assertThat(redis.send(Request.cmd(Command.HGET).arg(QueueKeys.meta(SHOW)).arg("logCut")).await()).isNotNull();
    assertThat(leaving).as("the reader has not seen them leave")
      .allSatisfy(user -> assertThat(view.positionOf(user)).isPositive());
    assertThat(reader.read(SHOW, oldCursor, oldLastSeq).await().get(8).toLong()).as("restarted").isEqualTo(1);

    assertThat(reader.refresh(SHOW, view, System.currentTimeMillis()).await()).isTrue();
    assertThat(reader.refresh(SHOW, view, System.currentTimeMillis()).await()).isTrue();
    Map<Long, Integer> ranks = ranks(redis, SHOW);
    assertThat(mismatches(view, ranks, universe)).isEmpty();
    assertThat(view.known()).isEqualTo(ranks.size());
    assertThat(leaving).allSatisfy(user -> assertThat(view.positionOf(user)).isZero());
  }

  @Test
  @DisplayName("a show without a queue reads as none, and a reader's copy answers nothing before its first read")
  void noQueue(Vertx vertx) {
    LineReader reader = new LineReader(vertx, QueueTesting.redis(vertx));
    LineView view = new LineView();
    assertThat(view.statusOf(1)).isNull();
    assertThat(reader.refresh("no-such-show", view, System.currentTimeMillis()).await()).isFalse();
    assertThat(view.takenAt()).isZero();
  }

  private List<Long> newUsers(int count, Set<Long> universe) {
    List<Long> users = new ArrayList<>(LongStream.range(nextUser, nextUser + count).boxed().toList());
    nextUser += count;
    universe.addAll(users);
    return users;
  }

  private List<Long> pick(List<Long> from, int count) {
    List<Long> pool = new ArrayList<>(from);
    List<Long> picked = new ArrayList<>();
    while (picked.size() < count && !pool.isEmpty()) {
      picked.add(pool.remove(random.nextInt(pool.size())));
    }
    return picked;
  }
}
