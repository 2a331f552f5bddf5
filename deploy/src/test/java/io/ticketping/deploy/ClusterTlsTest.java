package io.ticketping.deploy;

import io.ticketping.shared.crypto.Es256Keys;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class ClusterTlsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("PEM files: TLS 1.3 with a client certificate required, key, certificate and trust from the paths")
  void pem(@TempDir Path dir) throws Exception {
    JsonObject tls = pemFiles(dir, DevCertificate.generate("member"));
    EventBusOptions bus = ClusterTls.apply(new EventBusOptions(), tls);
    assertThat(bus.isSsl()).isTrue();
    assertThat(bus.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(bus.getEnabledSecureTransportProtocols()).containsExactly("TLSv1.3");
    assertThat(((PemKeyCertOptions) bus.getKeyCertOptions()).getKeyPath()).isEqualTo(tls.getString("keyPath"));
  }

  @Test
  @DisplayName("PKCS#12 key and trust stores: a server and a client with the options the event bus derives from them "
    + "complete a mutual TLS handshake, and a client without a certificate is cut off")
  void pkcs12(@TempDir Path dir) throws Exception {
    DevCertificate member = DevCertificate.generate("member");
    Certificate cert = CertificateFactory.getInstance("X.509")
      .generateCertificate(new ByteArrayInputStream(member.certPem().getBytes()));
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("member", Es256Keys.privateKey(member.keyPem()), "key-pass".toCharArray(),
      new Certificate[] {cert});
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("cluster", cert);
    Path keyStore = dir.resolve("member.p12");
    Path trustStore = dir.resolve("trust.pfx");
    try (OutputStream out = Files.newOutputStream(keyStore)) {
      keys.store(out, "key-pass".toCharArray());
    }
    try (OutputStream out = Files.newOutputStream(trustStore)) {
      trust.store(out, "trust-pass".toCharArray());
    }
    EventBusOptions bus = ClusterTls.apply(new EventBusOptions(), new JsonObject()
      .put("keyPath", keyStore.toString()).put("keyStorePassword", "key-pass")
      .put("trustPath", trustStore.toString()).put("trustStorePassword", "trust-pass"));
    assertThat(bus.getKeyCertOptions()).isInstanceOf(PfxOptions.class);
    assertThat(bus.getTrustOptions()).isInstanceOf(PfxOptions.class);

    // As the clustered event bus builds its server and client: from the options' JSON.
    NetServer server = vertx.createNetServer(new NetServerOptions(bus.toJson()).setHost("127.0.0.1").setPort(0))
      .connectHandler(socket -> socket.handler(socket::write));
    int port = server.listen().await().actualPort();
    // Clients are kept referenced until the end: Vert.x closes a client, and its connections, once it is collected.
    NetClient memberClient = vertx.createNetClient(new NetClientOptions(bus.toJson())
      .setHostnameVerificationAlgorithm(""));
    NetSocket socket = memberClient.connect(port, "127.0.0.1").await();
    Promise<String> echoed = Promise.promise();
    socket.handler(b -> echoed.tryComplete(b.toString()));
    socket.write("ping").await();
    assertThat(echoed.future().await(10, TimeUnit.SECONDS)).isEqualTo("ping");

    NetClient strangerClient = vertx.createNetClient(new NetClientOptions().setSsl(true).setTrustAll(true)
      .setHostnameVerificationAlgorithm(""));
    Promise<String> strangerEcho = Promise.promise();
    Throwable stranger = catchThrowable(() -> {
      NetSocket strangerSocket = strangerClient.connect(port, "127.0.0.1").await();
      strangerSocket.handler(b -> strangerEcho.tryComplete(b.toString()));
      Promise<Void> closed = Promise.promise();
      strangerSocket.closeHandler(v -> closed.tryComplete());
      strangerSocket.write("ping");
      closed.future().await(10, TimeUnit.SECONDS);
      throw new IllegalStateException("connected, then closed");
    });
    assertThat(stranger).isNotNull();
    assertThat(strangerEcho.future().isComplete()).as("the stranger got an answer").isFalse();
    memberClient.close().await();
    strangerClient.close().await();
  }

  @Test
  @DisplayName("a member does not talk to a server whose certificate the cluster does not trust (the event bus "
    + "trusts every server unless told otherwise)")
  void untrustedServer(@TempDir Path dir) throws Exception {
    EventBusOptions bus = ClusterTls.apply(new EventBusOptions(), pemFiles(dir, DevCertificate.generate("member")));
    assertThat(bus.isTrustAll()).isFalse();
    Path rogue = Files.createDirectory(dir.resolve("rogue"));
    DevCertificate impostor = DevCertificate.generate("member");
    NetServer server = vertx.createNetServer(new NetServerOptions().setSsl(true).setHost("127.0.0.1").setPort(0)
        .setKeyCertOptions(new PemKeyCertOptions()
          .setKeyPath(Files.writeString(rogue.resolve("key.pem"), impostor.keyPem()).toString())
          .setCertPath(Files.writeString(rogue.resolve("cert.pem"), impostor.certPem()).toString())))
      .connectHandler(socket -> socket.handler(socket::write));
    int port = server.listen().await().actualPort();
    NetClient member = vertx.createNetClient(new NetClientOptions(bus.toJson()).setHostnameVerificationAlgorithm(""));
    Throwable refused = catchThrowable(() -> member.connect(port, "127.0.0.1").await());
    assertThat(refused).hasStackTraceContaining("SSLHandshakeException");
    member.close().await();
  }

  @Test
  @DisplayName("before joining, a member checks that its own certificate passes its own trust store, and does not "
    + "start when it does not")
  void selfCheck(@TempDir Path dir) throws Exception {
    JsonObject tls = pemFiles(dir, DevCertificate.generate("member"));
    ClusterTlsCheck.run(ClusterTls.apply(new EventBusOptions(), tls));

    Path other = Files.writeString(dir.resolve("other-ca.pem"), DevCertificate.generate("other").certPem());
    EventBusOptions wrongTrust = ClusterTls.apply(new EventBusOptions(), tls.copy().put("trustPath", other.toString()));
    assertThatThrownBy(() -> ClusterTlsCheck.run(wrongTrust))
      .hasMessageContaining("cluster.tls.trustPath");
  }

  @Test
  @DisplayName("without a key or trust store, or with a file that is not there, the member does not start and the "
    + "key is named")
  void missing(@TempDir Path dir) throws Exception {
    JsonObject tls = pemFiles(dir, DevCertificate.generate("member"));
    assertThatThrownBy(() -> ClusterTls.apply(new EventBusOptions(), tls.copy().put("trustPath", "")))
      .hasMessageContaining("cluster.tls.trustPath");
    assertThatThrownBy(() -> ClusterTls.apply(new EventBusOptions(), tls.copy().put("certPath", "")))
      .hasMessageContaining("cluster.tls.certPath");
    assertThatThrownBy(() -> ClusterTls.apply(new EventBusOptions(),
      tls.copy().put("keyPath", dir.resolve("absent.pem").toString()))).hasMessageContaining("cluster.tls.keyPath");
  }

  private static JsonObject pemFiles(Path dir, DevCertificate member) throws Exception {
    Path key = Files.writeString(dir.resolve("key.pem"), member.keyPem());
    Path cert = Files.writeString(dir.resolve("cert.pem"), member.certPem());
    return new JsonObject().put("keyPath", key.toString()).put("certPath", cert.toString())
      .put("trustPath", cert.toString());
  }
}
