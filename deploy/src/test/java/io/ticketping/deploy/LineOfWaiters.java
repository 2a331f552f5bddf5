package io.ticketping.deploy;

import io.ticketping.gateway.auth.AccessTokens;
import io.ticketping.shared.testing.Waits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Many people waiting in one show's line, each with an access token of their own (minted: the queue needs only a
 * user id), an open position stream and polls, for tests that check what every one of them is told and when.
 * Used from the test's thread: every method waits for its calls.
 */
final class LineOfWaiters {

  private final SystemFixture sys;
  private final WebClient client;
  private final long showId;
  /** In line order: the head first. */
  final List<Long> ids;
  final Map<Long, String> tokens;
  final Map<Long, SseWatch> streams;

  private LineOfWaiters(SystemFixture sys, WebClient client, long showId, List<Long> ids, Map<Long, String> tokens,
                        Map<Long, SseWatch> streams) {
    this.sys = sys;
    this.client = client;
    this.showId = showId;
    this.ids = ids;
    this.tokens = tokens;
    this.streams = streams;
  }

  /** Users {@code firstId}.. enter at once (none may be admitted); each must get a place. */
  static LineOfWaiters enter(SystemFixture sys, AccessTokens accessTokens, long showId, long firstId, int count) {
    WebClient client = sys.client(50);
    Map<Long, String> tokens = new HashMap<>();
    List<Future<JsonObject>> entries = new ArrayList<>();
    for (long id = firstId; id < firstId + count; id++) {
      String token = accessTokens.issue(id, "USER");
      tokens.put(id, token);
      entries.add(client.post("/api/v1/queue/" + showId).bearerTokenAuthentication(token).send()
        .map(r -> r.bodyAsJsonObject()));
    }
    Future.all(entries).await();
    Map<Long, Long> places = new HashMap<>();
    for (int i = 0; i < count; i++) {
      JsonObject entered = entries.get(i).result();
      if (!"WAITING".equals(entered.getString("status"))) {
        throw new AssertionError("user " + (firstId + i) + " did not get a place: " + entered);
      }
      places.put(firstId + i, entered.getLong("position"));
    }
    List<Long> inLine = new ArrayList<>(places.keySet());
    inLine.sort(Comparator.comparing(places::get));
    return new LineOfWaiters(sys, client, showId, inLine, tokens, new HashMap<>());
  }

  /** The one person at {@code place} (1 = the head), with the stream. */
  LineOfWaiters only(int place) {
    return new LineOfWaiters(sys, client, showId, ids.subList(place - 1, place), tokens, streams);
  }

  /** The people from place {@code from} (1 = the head) on, with their streams. */
  LineOfWaiters from(int from) {
    return new LineOfWaiters(sys, client, showId, ids.subList(from - 1, ids.size()), tokens, streams);
  }

  /** Opens everyone's stream and waits for its first event. */
  void openStreams() {
    List<Future<SseWatch>> opened = new ArrayList<>();
    for (long id : ids) {
      opened.add(SseWatch.open(sys, showId, tokens.get(id)).onSuccess(watch -> {
        synchronized (streams) {
          streams.put(id, watch);
        }
      }));
    }
    Future.all(opened).await();
    Future.all(streams.values().stream().map(watch -> watch.first.future()).toList()).await();
  }

  /** Everyone's answer to one poll each, by user id; fails on any answer but 200. */
  Map<Long, JsonObject> pollAll() {
    Map<Long, JsonObject> answers = new ConcurrentHashMap<>();
    Future.all(ids.stream().map(id -> poll(id).onSuccess(answer -> answers.put(id, answer))).toList()).await();
    return answers;
  }

  /**
   * Polls in rounds (only those still waiting for it) until everyone got an answer that {@code wanted} accepts;
   * when each first got one, in epoch ms. Fails after {@code timeoutMillis}.
   */
  Map<Long, Long> pollUntilEach(Predicate<JsonObject> wanted, long timeoutMillis) {
    Map<Long, Long> seenAt = new ConcurrentHashMap<>();
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (seenAt.size() < ids.size()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError((ids.size() - seenAt.size()) + " pollers never got the answer; one of them: "
          + poll(ids.stream().filter(id -> !seenAt.containsKey(id)).findFirst().orElseThrow()).await());
      }
      Future.all(ids.stream().filter(id -> !seenAt.containsKey(id)).map(id -> poll(id).onSuccess(answer -> {
        if (wanted.test(answer)) {
          seenAt.putIfAbsent(id, System.currentTimeMillis());
        }
      })).toList()).await();
      Waits.later(sys.vertx, 20).await();
    }
    return seenAt;
  }

  /** When everyone's stream first delivered an event that {@code wanted} accepts, in epoch ms; fails after a time. */
  Map<Long, Long> streamedEach(Predicate<SseWatch.Event> wanted, long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (true) {
      Map<Long, Long> seenAt = new HashMap<>();
      for (long id : ids) {
        streams.get(id).events().stream().filter(wanted).findFirst()
          .ifPresent(event -> seenAt.put(id, event.receivedAtMillis()));
      }
      if (seenAt.size() == ids.size()) {
        return seenAt;
      }
      if (System.currentTimeMillis() > deadline) {
        long missing = ids.stream().filter(id -> !seenAt.containsKey(id)).findFirst().orElseThrow();
        throw new AssertionError((ids.size() - seenAt.size()) + " streams never sent it; events of user " + missing
          + ": " + streams.get(missing).events());
      }
      Waits.later(sys.vertx, 20).await();
    }
  }

  private Future<JsonObject> poll(long id) {
    return client.get("/api/v1/queue/" + showId).bearerTokenAuthentication(tokens.get(id)).send().map(r -> {
      if (r.statusCode() != 200) {
        throw new AssertionError("poll of user " + id + ": " + r.statusCode() + " " + r.bodyAsString());
      }
      return r.bodyAsJsonObject();
    });
  }
}
