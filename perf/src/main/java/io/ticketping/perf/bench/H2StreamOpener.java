package io.ticketping.perf.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP/2 streams without TLS (prior knowledge), {@link #STREAMS_PER_CONNECTION} to a connection, as an HTTP/2 proxy
 * in front of the gateways carries its clients' streams: 100,000 streams are a thousand connections, not a hundred
 * thousand descriptors in each process. Events are counted in the bodies by {@link RawEventStream#body()}.
 */
final class H2StreamOpener extends StreamOpener {

  /** The gateway's default limit of concurrent streams per HTTP/2 connection. */
  static final int STREAMS_PER_CONNECTION = 100;

  private final Vertx vertx;
  private final List<HttpClient> clients = new ArrayList<>();

  H2StreamOpener(Vertx vertx, List<URI> gateways, String path, List<String> tokens, ArrivalLog arrivals) {
    super(gateways, path, tokens, arrivals);
    this.vertx = vertx;
    int perGateway = (tokens.size() + gateways.size() - 1) / Math.max(1, gateways.size());
    for (URI gateway : gateways) {
      clients.add(vertx.httpClientBuilder()
        .with(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
          .setHttp2MultiplexingLimit(STREAMS_PER_CONNECTION).setDefaultHost(gateway.getHost())
          .setDefaultPort(gateway.getPort()).setIdleTimeout(0))
        .with(new PoolOptions().setHttp2MaxSize(perGateway / STREAMS_PER_CONNECTION + 1)
          .setMaxWaitQueueSize(-1))
        .build());
    }
  }

  @Override
  void open(int index, URI gateway, String token, Stream stream) {
    HttpClient client = clients.get(index % gateways.size());
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path)
        .putHeader("Authorization", "Bearer " + token).putHeader("Accept", "text/event-stream"))
      .compose(request -> request.send())
      .onFailure(e -> stream.failedFirst())
      .onSuccess(response -> read(response, stream));
  }

  private void read(HttpClientResponse response, Stream stream) {
    if (response.statusCode() != 200) {
      stream.failedFirst();
      response.request().reset();
      return;
    }
    vertx.setTimer(FIRST_EVENT_TIMEOUT_MS, id -> {
      if (stream.waitingForFirst()) {
        stream.failedFirst();
        response.request().reset();
      }
    });
    RawEventStream events = RawEventStream.body();
    response.handler(piece -> stream.events(events.accept(piece)));
    response.endHandler(v -> stream.closed());
    response.exceptionHandler(e -> stream.closed());
  }
}
