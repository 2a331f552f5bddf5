package io.ticketping.shared.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * One-off HTTP GETs in tests. Vert.x closes a client that is no longer referenced when it is collected, failing its
 * requests with "Pool closed", so the client here stays referenced by the answer's chain and is closed after it.
 */
public final class HttpGets {

  private HttpGets() {
  }

  /** The JSON body of {@code GET http://127.0.0.1:port/path}. */
  public static Future<JsonObject> json(Vertx vertx, int port, String path) {
    HttpClient client = vertx.createHttpClient();
    return client.request(HttpMethod.GET, port, "127.0.0.1", path)
      .compose(request -> request.send().compose(HttpClientResponse::body))
      .map(Buffer::toJsonObject)
      .eventually(client::close);
  }
}
