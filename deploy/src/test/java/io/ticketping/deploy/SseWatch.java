package io.ticketping.deploy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;

/** One queue-position stream (SSE) held open by a test: completes {@link #first} on its first event, {@link #ended} at its end. */
final class SseWatch {

  final Promise<Void> first = Promise.promise();
  final Promise<String> ended = Promise.promise();
  private final StringBuilder text = new StringBuilder();

  /** Opens {@code /api/v1/queue/{showId}/stream} for the holder of {@code token}; completes once it answered 200. */
  static Future<SseWatch> open(SystemFixture sys, long showId, String token) {
    HttpClient http = sys.vertx.createHttpClient();
    SseWatch watch = new SseWatch();
    return http.request(HttpMethod.GET, sys.config.getJsonObject("http").getInteger("port"), "127.0.0.1",
        "/api/v1/queue/" + showId + "/stream")
      .compose(request -> request.putHeader("Authorization", "Bearer " + token).send())
      .map(response -> {
        if (response.statusCode() != 200) {
          throw new AssertionError("stream: " + response.statusCode());
        }
        response.handler(chunk -> {
          watch.text.append(chunk);
          if (watch.text.indexOf("event: ") >= 0) {
            watch.first.tryComplete();
          }
        });
        response.endHandler(v -> watch.ended.tryComplete(watch.text.toString()));
        response.exceptionHandler(watch.ended::tryFail);
        return watch;
      });
  }
}
