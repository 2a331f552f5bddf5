package io.ticketping.perf.bench;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

import java.net.URI;
import java.util.List;

/**
 * HTTP/1.1 streams, one TCP connection each, read off plain sockets by {@link RawEventStream}: an HTTP client's
 * parsing per event would be the generator's largest cost, on the cores the server needs. Each gateway's streams go
 * to the clients (one per loopback source address: one address has only ~28k ephemeral ports) in turn.
 */
final class RawStreamOpener extends StreamOpener {

  private final Vertx vertx;
  private final List<NetClient> clients;

  RawStreamOpener(Vertx vertx, List<NetClient> clients, List<URI> gateways, String path, List<String> tokens,
                  ArrivalLog arrivals) {
    super(gateways, path, tokens, arrivals);
    this.vertx = vertx;
    this.clients = clients;
  }

  @Override
  void open(int index, URI gateway, String token, Stream stream) {
    NetClient client = clients.get(index / gateways.size() % clients.size());
    client.connect(gateway.getPort(), gateway.getHost())
      .onFailure(e -> stream.failedFirst())
      .onSuccess(socket -> read(socket, gateway, token, stream));
  }

  private void read(NetSocket socket, URI gateway, String token, Stream stream) {
    vertx.setTimer(FIRST_EVENT_TIMEOUT_MS, id -> {
      if (stream.waitingForFirst()) {
        stream.failedFirst();
        socket.close();
      }
    });
    RawEventStream events = new RawEventStream();
    socket.handler(piece -> {
      int count = events.accept(piece);
      if (count < 0) {
        stream.failedFirst();
        socket.close();
        return;
      }
      stream.events(count);
      if (events.ended()) {
        socket.close(); // the server ended the response (admitted, or dropped) and keeps the connection
      }
    });
    socket.closeHandler(v -> stream.closed());
    socket.write("GET " + path + " HTTP/1.1\r\nHost: " + gateway.getHost() + ":" + gateway.getPort()
      + "\r\nAuthorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n");
  }
}
