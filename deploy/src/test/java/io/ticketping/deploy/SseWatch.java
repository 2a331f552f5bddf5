package io.ticketping.deploy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One queue-position stream (SSE) held open by a test: completes {@link #first} on its first event, {@link #ended} at
 * its end, and keeps every event with the time it arrived ({@link #events()}).
 */
final class SseWatch {

  /** One event as it arrived. */
  record Event(String name, JsonObject data, long receivedAtMillis) {
  }

  final Promise<Void> first = Promise.promise();
  /** Held for as long as the watch: Vert.x closes a client that is no longer referenced, and its stream with it. */
  private final HttpClient http;
  final Promise<String> ended = Promise.promise();
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder pending = new StringBuilder();
  private final List<Event> events = new ArrayList<>();

  private SseWatch(HttpClient http) {
    this.http = http;
  }

  /** Opens {@code /api/v1/queue/{showId}/stream} for the holder of {@code token}; completes once it answered 200. */
  static Future<SseWatch> open(SystemFixture sys, long showId, String token) {
    SseWatch watch = new SseWatch(sys.vertx.createHttpClient());
    return watch.http.request(HttpMethod.GET, sys.config.getJsonObject("http").getInteger("port"), "127.0.0.1",
        "/api/v1/queue/" + showId + "/stream")
      .compose(request -> request.putHeader("Authorization", "Bearer " + token).send())
      .map(response -> {
        if (response.statusCode() != 200) {
          throw new AssertionError("stream: " + response.statusCode());
        }
        response.handler(chunk -> {
          watch.text.append(chunk);
          watch.parse(chunk.toString());
          if (watch.text.indexOf("event: ") >= 0) {
            watch.first.tryComplete();
          }
        });
        response.endHandler(v -> watch.ended.tryComplete(watch.text.toString()));
        response.exceptionHandler(watch.ended::tryFail);
        return watch;
      });
  }

  /** The events so far, oldest first. */
  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The first event named {@code name} whose data has {@code field} = {@code value}, or {@code null}. */
  synchronized Event firstWith(String name, String field, Object value) {
    return events.stream().filter(e -> e.name().equals(name) && value.equals(e.data().getValue(field)))
      .findFirst().orElse(null);
  }

  private synchronized void parse(String chunk) {
    pending.append(chunk);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String name = null;
      String data = null;
      for (String line : pending.substring(0, end).split("\n")) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
      pending.delete(0, end + 2);
      if (name != null && data != null) {
        events.add(new Event(name, new JsonObject(data), System.currentTimeMillis()));
      }
    }
  }
}
