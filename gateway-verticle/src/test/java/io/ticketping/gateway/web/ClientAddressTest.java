package io.ticketping.gateway.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client address a real HTTP server sees for a request from 127.0.0.1, by the trusted proxies and the header. */
@ExtendWith(VertxExtension.class)
class ClientAddressTest {

  @Test
  @DisplayName("from a trusted proxy, the right-most untrusted X-Forwarded-For address is the client; whatever the "
    + "client wrote further left is ignored")
  void trustedPeer(Vertx vertx) {
    ClientAddress clients = ClientAddress.trusting("10.0.0.0/8, 127.0.0.1");
    assertThat(seen(vertx, clients)).as("no header").isEqualTo("127.0.0.1");
    assertThat(seen(vertx, clients, "203.0.113.5")).isEqualTo("203.0.113.5");
    assertThat(seen(vertx, clients, "1.1.1.1, 203.0.113.5")).as("a spoofed left entry").isEqualTo("203.0.113.5");
    assertThat(seen(vertx, clients, "203.0.113.5, 10.1.2.3")).as("behind two proxies").isEqualTo("203.0.113.5");
    assertThat(seen(vertx, clients, "1.1.1.1", "203.0.113.5")).as("repeated headers, in order").isEqualTo("203.0.113.5");
    assertThat(seen(vertx, clients, "10.1.2.3, 10.2.3.4")).as("every hop trusted: the farthest").isEqualTo("10.1.2.3");
    assertThat(seen(vertx, clients, "nonsense, 203.0.113.5")).isEqualTo("203.0.113.5");
    assertThat(seen(vertx, clients, "203.0.113.5, nonsense"))
      .as("a broken chain: the last hop a trusted proxy vouched for").isEqualTo("127.0.0.1");
    assertThat(seen(vertx, clients, "999.1.1.1")).as("not an address").isEqualTo("127.0.0.1");
    assertThat(seen(vertx, clients, "203.0.113.5:4711")).as("with a port").isEqualTo("203.0.113.5");
    assertThat(seen(vertx, clients, "[2001:db8::7]:443")).isEqualTo("2001:db8:0:0:0:0:0:7");
    assertThat(seen(vertx, clients, "2001:db8::7")).isEqualTo("2001:db8:0:0:0:0:0:7");
  }

  @Test
  @DisplayName("from a peer that is not a trusted proxy, X-Forwarded-For is ignored: the socket address is the client")
  void untrustedPeer(Vertx vertx) {
    assertThat(seen(vertx, ClientAddress.trusting("10.0.0.0/8, fd00::/8"), "203.0.113.5")).isEqualTo("127.0.0.1");
    assertThat(seen(vertx, ClientAddress.trusting(""), "203.0.113.5")).isEqualTo("127.0.0.1");
    assertThat(seen(vertx, ClientAddress.trusting("127.0.0.2/32"), "203.0.113.5")).as("a neighbour only")
      .isEqualTo("127.0.0.1");
    assertThat(seen(vertx, ClientAddress.trusting("127.0.0.0/31"), "203.0.113.5")).as("a prefix within a byte")
      .isEqualTo("203.0.113.5");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/x", "proxy.example.com", "localhost", "::1/129"})
  @DisplayName("a trusted proxy that is not an address or CIDR block is refused at start, never looked up")
  void badTrustedProxy(String cidr) {
    assertThatThrownBy(() -> ClientAddress.trusting("10.0.0.0/8," + cidr))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http.trustedProxies");
  }

  /** The address {@code clients} gives a request from 127.0.0.1 carrying the {@code X-Forwarded-For} headers. */
  private static String seen(Vertx vertx, ClientAddress clients, String... forwardedFor) {
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.response().end(clients.of(req)))
      .listen(0, "127.0.0.1").await();
    WebClient client = WebClient.create(vertx);
    try {
      HttpRequest<Buffer> request = client.get(server.actualPort(), "127.0.0.1", "/");
      for (String header : List.of(forwardedFor)) {
        request.headers().add("X-Forwarded-For", header);
      }
      return request.send().await().bodyAsString();
    } finally {
      client.close();
      server.close().await();
    }
  }
}
