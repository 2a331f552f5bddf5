package io.ticketping.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A minimal Server-Sent Events reader for tests: collects the events of one stream and waits for one it wants. */
final class SseClient {

  record Event(long id, String name, JsonObject data, long receivedAtMillis) {
  }

  private final List<Event> events = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final StringBuilder pending = new StringBuilder();
  private HttpClientResponse response;

  private record Waiter(Predicate<Event> wanted, Promise<Event> promise) {
  }

  /** Opens the stream; fails unless the server answers 200 with text/event-stream. */
  static Future<SseClient> open(HttpClient http, int port, String path, String token, String lastEventId) {
    SseClient client = new SseClient();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
      .setURI(path).putHeader("Authorization", "Bearer " + token).putHeader("Accept", "text/event-stream");
    if (lastEventId != null) {
      options.putHeader("Last-Event-ID", lastEventId);
    }
    return http.request(options).compose(req -> req.send()).map(resp -> {
      if (resp.statusCode() != 200) {
        throw new IllegalStateException("stream answered " + resp.statusCode());
      }
      client.response = resp;
      resp.handler(client::onData);
      return client;
    });
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The first event (already received or still to come) that matches. */
  synchronized Future<Event> next(Predicate<Event> wanted) {
    for (Event event : events) {
      if (wanted.test(event)) {
        return Future.succeededFuture(event);
      }
    }
    Promise<Event> promise = Promise.promise();
    waiters.add(new Waiter(wanted, promise));
    return promise.future();
  }

  /** The connection the stream came on (over HTTP/2, shared with other streams). */
  HttpConnection connection() {
    return response.request().connection();
  }

  void close() {
    if (response != null) {
      response.request().connection().close();
    }
  }

  private synchronized void onData(Buffer chunk) {
    pending.append(chunk.toString());
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      parse(block);
    }
  }

  private void parse(String block) {
    long id = -1;
    String name = null;
    String data = null;
    for (String line : block.split("\n")) {
      if (line.startsWith("id: ")) {
        id = Long.parseLong(line.substring(4));
      } else if (line.startsWith("event: ")) {
        name = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data = line.substring(6);
      }
    }
    if (name == null) {
      return;
    }
    Event event = new Event(id, name, new JsonObject(data), System.currentTimeMillis());
    events.add(event);
    waiters.removeIf(w -> w.wanted().test(event) && w.promise().tryComplete(event));
  }
}
