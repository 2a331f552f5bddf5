package io.ticketping.queue;

import io.ticketping.shared.devservices.RedisCluster;
import io.ticketping.shared.queue.LineView;
import io.ticketping.shared.queue.QueueKeys;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the tests of the line's readers share: the line as Redis has it, and comparisons with a reader's copy. */
final class LineTesting {

  private LineTesting() {
  }

  /** Every waiter's ZRANK + 1, read at one instant (the index of each member in one ZRANGE). */
  static Map<Long, Integer> ranks(Redis redis, String showId) {
    Response line = redis.send(Request.cmd(Command.ZRANGE).arg(QueueKeys.waiting(showId)).arg(0).arg(-1)).await();
    Map<Long, Integer> ranks = new HashMap<>();
    int rank = 0;
    for (Response member : line) {
      ranks.put(member.toLong(), ++rank);
    }
    return ranks;
  }

  /**
   * The users of {@code universe} whose position in {@code view} differs from Redis's: a waiter must have exactly its
   * rank, anyone else no position. Empty when the copy is exact.
   */
  static List<String> mismatches(LineView view, Map<Long, Integer> ranks, Collection<Long> universe) {
    List<String> wrong = new ArrayList<>();
    for (long user : universe) {
      int expected = ranks.getOrDefault(user, 0);
      int actual = view.positionOf(user);
      if (actual != expected) {
        wrong.add("user " + user + ": " + actual + " instead of " + expected);
      }
    }
    return wrong;
  }

  /** The users in line in {@code view} whose answered position differs from Redis's (unknown ones answer nothing). */
  static List<String> wrongAnswers(LineView view, Map<Long, Integer> ranks, Collection<Long> universe) {
    List<String> wrong = new ArrayList<>();
    for (long user : universe) {
      int actual = view.positionOf(user);
      if (actual != 0 && actual != ranks.getOrDefault(user, 0)) {
        wrong.add("user " + user + ": " + actual + " instead of " + ranks.getOrDefault(user, 0));
      }
    }
    return wrong;
  }

  /** Puts {@code users} in line in batches of 500, in order. */
  static void enterAll(WaitingRoom room, String showId, List<Long> users) {
    for (int i = 0; i < users.size(); i += 500) {
      room.enterAll(showId, users.subList(i, Math.min(users.size(), i + 500))).await();
    }
  }

  /** Heartbeats of {@code users}, in batches of 1,000. */
  static void heartbeats(WaitingRoom room, String showId, List<Long> users) {
    for (int i = 0; i < users.size(); i += 1000) {
      room.heartbeat(showId, users.subList(i, Math.min(users.size(), i + 1000))).await();
    }
  }

  /** Each of {@code users} leaves, all at once. */
  static void leave(WaitingRoom room, String showId, Collection<Long> users) {
    Future.all(users.stream().map(user -> room.leave(showId, user)).toList()).await();
  }

  /** Every key of the show, heartbeat bitmaps included, as stored on the node holding them. */
  static List<String> keysOf(Redis redis, String showId) {
    String prefix = "q:" + QueueKeys.hashTag(showId) + ":";
    List<String> keys = new ArrayList<>();
    if (TestServers.onCluster()) {
      RedisCluster cluster = TestServers.get().redisCluster();
      cluster.keysOn(cluster.ownerOf(cluster.keySlot(prefix))).stream().filter(k -> k.startsWith(prefix))
        .forEach(keys::add);
    } else {
      redis.send(Request.cmd(Command.KEYS).arg(prefix + "*")).await().forEach(k -> keys.add(k.toString()));
    }
    return keys;
  }

  /**
   * A command for the Redis node that holds {@code key} (the standalone server, or the cluster master owning its
   * slot): for commands the cluster client does not route by key, such as MEMORY USAGE and INFO. Its reply as text.
   */
  static String onNodeOf(Redis redis, String key, String... command) {
    if (TestServers.onCluster()) {
      RedisCluster cluster = TestServers.get().redisCluster();
      return cluster.cli(cluster.ownerOf(cluster.keySlot(key)), command).trim();
    }
    Request request = Request.cmd(Command.create(command[0]));
    for (int i = 1; i < command.length; i++) {
      request.arg(command[i]);
    }
    Response reply = redis.send(request).await();
    return reply == null ? "" : reply.toString().trim();
  }
}
