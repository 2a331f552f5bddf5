package io.ticketping.queue;

import io.ticketping.shared.queue.LineReader;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static io.ticketping.queue.LineTesting.enterAll;
import static io.ticketping.queue.LineTesting.leave;
import static io.ticketping.queue.LineTesting.onNodeOf;
import static org.assertj.core.api.Assertions.assertThat;

/** What following a line by its changes costs Redis: nothing that grows with the line's length. */
@ExtendWith(VertxExtension.class)
class LineReadCostTest {

  private static final Pattern CONNECTION_COMMANDS =
    Pattern.compile("cmdstat_(info|hello|client|select|ping|auth|command|cluster|readonly)\\W");

  @BeforeEach
  void reset() {
    TestServers.get().reset();
  }

  @Test
  @DisplayName("a read with nothing changed returns the same reply, and runs the same Redis commands, for a line of "
    + "1,000 and one of 50,000 waiters")
  void readCostIndependentOfLength(Vertx vertx) {
    Redis redis = QueueTesting.redis(vertx);
    WaitingRoom room = QueueTesting.room(vertx);
    IdleRead shortLine = idleRead(redis, room, new LineReader(vertx, redis, 100_000, 10_000), "short", 1_000);
    IdleRead longLine = idleRead(redis, room, new LineReader(vertx, redis, 100_000, 10_000), "long", 50_000);

    assertThat(longLine.departed()).isEmpty();
    assertThat(longLine.arrivals()).isEmpty();
    assertThat(longLine.elements()).isEqualTo(shortLine.elements());
    // Only the figures' digits differ (waiting, head, lastSeq: 50,000 has one more digit than 1,000).
    assertThat(Math.abs(longLine.bytes() - shortLine.bytes())).isLessThanOrEqualTo(6);
    assertThat(longLine.commands()).as("Redis commands one read runs").isEqualTo(shortLine.commands())
      .isLessThan(20);
  }

  @Test
  @DisplayName("a read returns and runs the same with 5,000 valid passes in the working set as with none")
  void readCostIndependentOfPasses(Vertx vertx) {
    Redis redis = QueueTesting.redis(vertx);
    WaitingRoom room = QueueTesting.room(vertx);
    LineReader reader = new LineReader(vertx, redis, 100_000, 10_000);
    String show = "passes";
    room.configure(show, new QueueSettings(0, 0, 600, 600, 0L)).await();
    enterAll(room, show, LongStream.rangeClosed(1, 20_000).boxed().toList());
    Response first = reader.read(show, "", 0).await();
    long before = commandsRun(redis, show);
    Response none = reader.read(show, first.get(9).toString(), first.get(15).toLong()).await();
    long commandsWithNone = commandsRun(redis, show) - before;

    room.configure(show, new QueueSettings(5_000, 0, 600, 600, 0L)).await();
    while (QueueTesting.zcard(redis, QueueKeys.working(show)).await() < 5_000) {
      room.tick(show).await();
    }
    room.configure(show, new QueueSettings(0, null, null, null, null)).await();
    Response caughtUp = reader.read(show, none.get(9).toString(), none.get(15).toLong()).await();
    before = commandsRun(redis, show);
    Response withPasses = reader.read(show, caughtUp.get(9).toString(), caughtUp.get(15).toLong()).await();
    long commandsWithPasses = commandsRun(redis, show) - before;

    assertThat(withPasses.size()).isEqualTo(none.size());
    assertThat(withPasses.get(7).toLong()).as("waiting").isEqualTo(15_000);
    assertThat(withPasses.toString().length()).as("reply length").isLessThanOrEqualTo(none.toString().length() + 6);
    assertThat(commandsWithPasses).as("Redis commands one read runs").isEqualTo(commandsWithNone);
  }

  @Test
  @DisplayName("every structure of a line of 50,000 waiters, its change log and heartbeats included, takes at most "
    + "100 bytes per waiter in Redis")
  void memoryPerWaiter(Vertx vertx) {
    Redis redis = QueueTesting.redis(vertx);
    WaitingRoom room = QueueTesting.room(vertx);
    String show = "memory";
    room.configure(show, new QueueSettings(100, 6_000, 600, 600, 0L)).await();
    enterAll(room, show, LongStream.rangeClosed(1, 51_000).boxed().toList());
    leave(room, show, LongStream.rangeClosed(1, 1_000).map(i -> i * 50).boxed().toList());
    room.tick(show).await();
    List<String> keys = LineTesting.keysOf(redis, show);
    assertThat(keys).contains(QueueKeys.waiting(show), QueueKeys.log(show));
    assertThat(QueueKeys.all(show)).containsAll(keys.stream().filter(k -> !k.startsWith(QueueKeys.beats(show)))
      .toList());
    long bytes = 0;
    for (String key : keys) {
      bytes += Long.parseLong(onNodeOf(redis, key, "MEMORY", "USAGE", key, "SAMPLES", "0"));
    }
    long waiting = QueueTesting.zcard(redis, QueueKeys.waiting(show)).await();
    assertThat(waiting).isEqualTo(49_900);
    System.out.printf("Line of %,d waiters: %,d bytes in Redis, %.1f per waiter%n", waiting, bytes,
      (double) bytes / waiting);
    assertThat((double) bytes / waiting).as("bytes per waiter").isLessThanOrEqualTo(100);
  }

  /** The reply and the Redis commands of a read that finds nothing changed, once caught up. */
  private record IdleRead(int elements, int bytes, long commands, String departed, String arrivals) {
  }

  private static IdleRead idleRead(Redis redis, WaitingRoom room, LineReader reader, String show, int waiters) {
    room.configure(show, new QueueSettings(0, 0, 600, 600, 0L)).await();
    enterAll(room, show, LongStream.rangeClosed(1, waiters).boxed().toList());
    leave(room, show, List.of(2L, 4L, 6L));
    Response first = reader.read(show, "", 0).await();
    long before = commandsRun(redis, show);
    Response idle = reader.read(show, first.get(9).toString(), first.get(15).toLong()).await();
    long commands = commandsRun(redis, show) - before;
    int bytes = 0;
    for (Response element : idle) {
      bytes += element.toString().length();
    }
    assertThat(idle.get(7).toLong()).isEqualTo(waiters - 3);
    return new IdleRead(idle.size(), bytes, commands, idle.get(11).toString(), idle.get(13).toString());
  }

  /**
   * Commands the node holding the show's keys has run so far, those run by scripts included; not those of the
   * connections themselves (a pooled connection opened meanwhile says HELLO, names itself, pings).
   */
  private static long commandsRun(Redis redis, String show) {
    long calls = 0;
    for (String line : onNodeOf(redis, QueueKeys.meta(show), "INFO", "commandstats").split("\n")) {
      int at = line.indexOf("calls=");
      if (line.startsWith("cmdstat_") && at > 0 && !CONNECTION_COMMANDS.matcher(line).lookingAt()) {
        calls += Long.parseLong(line.substring(at + 6, line.indexOf(',', at)));
      }
    }
    return calls;
  }
}
