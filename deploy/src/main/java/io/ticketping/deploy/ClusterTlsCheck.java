package io.ticketping.deploy;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Before a member joins, one TLS connection from its own event-bus client to its own event-bus server (both built as
 * the clustered event bus builds them, from the options' JSON), on loopback in a Vert.x of its own. It stops the
 * start when the member's certificate is not trusted by its own trust store (every other member would refuse it too,
 * but only message by message, in silence), and it pays the first handshake's one-off costs (class loading, key
 * parsing) now rather than in the first request that crosses the cluster. It blocks the calling thread (the start of
 * a JVM, never an event loop) for as long as that takes.
 */
final class ClusterTlsCheck {

  private static final long TIMEOUT_SECONDS = 60;

  private ClusterTlsCheck() {
  }

  static void run(EventBusOptions bus) {
    Vertx vertx = Vertx.vertx();
    // The first handshake of a JVM loads and initialises the TLS classes: give it more time than the bus's 10 s.
    NetClient client = vertx.createNetClient(new NetClientOptions(bus.toJson()).setHostnameVerificationAlgorithm("")
      .setSslHandshakeTimeout(TIMEOUT_SECONDS).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS));
    try {
      int port = vertx.createNetServer(new NetServerOptions(bus.toJson()).setHost("127.0.0.1").setPort(0)
          .setSslHandshakeTimeout(TIMEOUT_SECONDS).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS))
        .connectHandler(socket -> socket.handler(socket::write))
        .listen().await().actualPort();
      NetSocket socket = client.connect(port, "127.0.0.1").await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Promise<Buffer> echoed = Promise.promise();
      socket.handler(echoed::tryComplete);
      socket.closeHandler(v -> echoed.tryFail("closed by the server"));
      socket.write(Buffer.buffer("ping"));
      echoed.future().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // No verdict: a starved machine, not a certificate, is the likely cause; the start fails rather than guess.
      throw new IllegalStateException("the event-bus TLS self-check got no answer within " + TIMEOUT_SECONDS
        + " s (is the machine overloaded?)", e);
    } catch (Exception e) {
      throw new IllegalStateException("the event-bus TLS of cluster.tls.* does not accept itself: is this member's "
        + "certificate signed by a CA of cluster.tls.trustPath? (" + e + ")", e);
    } finally {
      // Closed last, so that the client stays referenced until then (Vert.x closes a client once it is collected).
      client.close().await();
      vertx.close().await();
    }
  }
}
