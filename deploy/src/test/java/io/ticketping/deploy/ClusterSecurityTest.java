package io.ticketping.deploy;

import io.ticketping.shared.config.AppConfig;
import io.ticketping.shared.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Who can join the cluster: a member JVM ({@link ClusterProbe}) on loopback, and members started in this JVM with the
 * right secret and certificate, with a wrong secret, with a certificate the cluster does not trust, without TLS, and
 * plain sockets on the probe's event-bus port. Only the members with both get a message through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterSecurityTest {

  private final List<Vertx> started = new ArrayList<>();
  private JsonObject config;
  private RoleProcesses processes;
  private int probeBusPort;
  /** A member with the right secret and certificate, which asks the probe how many messages reached it. */
  private Vertx member;
  private HazelcastClusterManager memberCluster;

  @BeforeAll
  void startProbe() throws Exception {
    config = AppConfig.defaults();
    processes = new RoleProcesses(config, List.of("probe", "wrong", "member", "stranger", "cleartext"));
    probeBusPort = TestServers.freePort();
    processes.start("probe", ClusterProbe.class, List.of(),
      Map.of("TICKETPING_CLUSTER_EVENT_BUS_PORT", String.valueOf(probeBusPort)));
    processes.awaitUp("probe", 90);
  }

  @AfterAll
  void stop() throws Exception {
    for (Vertx vertx : started) {
      vertx.close().await();
    }
    if (processes != null) {
      processes.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("a member with a wrong cluster secret forms a cluster of its own: it never sees the probe's consumer")
  void wrongSecret() throws Exception {
    JsonObject wrong = processes.clusterFor(config, "wrong");
    wrong.getJsonObject("cluster").put("secret", GeneratedKeys.randomSecret());
    HazelcastClusterManager cluster = new HazelcastClusterManager(ClusterSetup.hazelcast(wrong.getJsonObject("cluster")));
    Vertx outsider = start(ClusterSetup.start(wrong, cluster));

    assertThat(cluster.getNodes()).as("Hazelcast members seen by the outsider").hasSize(1);
    Throwable failure = catchThrowable(() -> probe(outsider, "wrong", 3000));
    assertThat(failure).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) failure).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
    Thread.sleep(3000);
    assertThat(cluster.getNodes()).as("still alone a moment later").hasSize(1);
    outsider.close().await();
  }

  @Test
  @Order(2)
  @DisplayName("a member with the right secret and certificate joins, and its message reaches the probe over TLS")
  void rightSecret() throws Exception {
    memberCluster = new HazelcastClusterManager(ClusterSetup.hazelcast(
      processes.clusterFor(config, "member").getJsonObject("cluster")));
    member = start(ClusterSetup.start(processes.clusterFor(config, "member"), memberCluster));
    assertThat(memberCluster.getNodes()).as("the probe and this member").hasSize(2);
    assertThat(senders()).as("whose messages reached the probe").containsOnly("member");
  }

  @Test
  @Order(3)
  @DisplayName("a member with the secret but a certificate the cluster does not trust joins Hazelcast, yet its "
    + "message never reaches the probe")
  void untrustedCertificate() throws Exception {
    JsonObject stranger = processes.clusterFor(config, "stranger");
    Path own = Files.createTempDirectory(Path.of("target"), "stranger-");
    JsonObject tls = stranger.getJsonObject("cluster").getJsonObject("tls");
    String trusted = tls.getString("trustPath");
    tls.put("keyPath", "").put("certPath", "").put("trustPath", "");
    ClusterCredentials.ensure(stranger, own);
    // Its own key and certificate, yet it trusts the probe's as well as its own: what fails is the probe's check of
    // the client.
    Path both = own.resolve("trusted-by-stranger.pem");
    Files.writeString(both, Files.readString(Path.of(trusted)) + Files.readString(Path.of(tls.getString("certPath"))));
    tls.put("trustPath", both.toString());
    Vertx outsider = start(ClusterSetup.start(stranger));
    awaitNodes(3);

    Throwable failure = catchThrowable(() -> probe(outsider, "stranger", 5000));
    assertThat(failure).as("the stranger's request").isNotNull();
    assertThat(senders()).as("whose messages reached the probe").containsOnly("member");
    outsider.close().await();
    awaitNodes(2);
  }

  @Test
  @Order(4)
  @DisplayName("a member with the secret but no TLS joins Hazelcast, yet the probe's event-bus port refuses its clear "
    + "text and nothing is delivered")
  void clearTextMember() throws Exception {
    JsonObject cleartext = processes.clusterFor(config, "cleartext");
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1");
    Vertx outsider = start(Vertx.builder().with(options)
      .withClusterManager(new HazelcastClusterManager(ClusterSetup.hazelcast(cleartext.getJsonObject("cluster"))))
      .buildClustered());
    awaitNodes(3);

    Throwable failure = catchThrowable(() -> probe(outsider, "cleartext", 5000));
    assertThat(failure).as("the clear-text member's request").isNotNull();
    assertThat(senders()).as("whose messages reached the probe").containsOnly("member");
    outsider.close().await();
    awaitNodes(2);
  }

  @Test
  @Order(5)
  @DisplayName("on the event-bus port, a clear-text frame and a TLS client without a certificate are both cut off")
  void plainSockets() throws Exception {
    // Clients are kept referenced until the end: Vert.x closes a client, and its connections, once it is collected.
    NetClient plainClient = member.createNetClient();
    NetSocket plain = plainClient.connect(probeBusPort, "127.0.0.1").await();
    Future<Void> plainClosed = closed(plain);
    Promise<Buffer> plainAnswer = Promise.promise();
    plain.handler(plainAnswer::tryComplete);
    // A length-prefixed frame, as the clustered event bus writes them, in clear text.
    Buffer frame = Buffer.buffer().appendInt(64).appendBytes(new byte[64]);
    plain.write(frame).await();
    plainClosed.await(10, TimeUnit.SECONDS);
    assertThat(plainAnswer.future().isComplete()).as("an answer to clear text").isFalse();

    NetClient tlsClient = member.createNetClient(new NetClientOptions().setSsl(true).setTrustAll(true)
      .setHostnameVerificationAlgorithm(""));
    Throwable refused = catchThrowable(() -> {
      NetSocket tls = tlsClient.connect(probeBusPort, "127.0.0.1").await();
      Future<Void> tlsClosed = closed(tls);
      tls.write(frame);
      tlsClosed.await(10, TimeUnit.SECONDS);
      throw new IllegalStateException("handshake done, then closed");
    });
    assertThat(refused).as("the TLS client without a certificate").isNotNull();
    assertThat(senders()).as("whose messages reached the probe").containsOnly("member");
    plainClient.close().await();
    tlsClient.close().await();
  }

  @Test
  @Order(6)
  @DisplayName("neither the cluster secret nor the cluster name derived from it appears in the member's log")
  void secretNotLogged() {
    String secret = config.getJsonObject("cluster").getString("secret");
    String log = processes.readSinceStart("probe");
    assertThat(log).contains("Members {size:");
    assertThat(log).doesNotContain(secret).doesNotContain(ClusterName.of(secret));
  }

  private Vertx start(Future<Vertx> starting) {
    Vertx vertx = starting.await();
    started.add(vertx);
    return vertx;
  }

  /** The senders of every message the probe has received, this question included. */
  private List<Object> senders() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try {
        return probe(member, "member", 3000).getJsonArray("senders").getList();
      } catch (ReplyException e) {
        // The probe's consumer may not be known to a member that has just joined.
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static JsonObject probe(Vertx vertx, String from, long timeoutMs) {
    return vertx.eventBus().<JsonObject>request(ClusterProbe.ADDRESS, new JsonObject().put("from", from),
      new DeliveryOptions().setSendTimeout(timeoutMs)).map(Message::body).await();
  }

  private void awaitNodes(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (memberCluster.getNodes().size() != count && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(memberCluster.getNodes()).as("Hazelcast members").hasSize(count);
  }

  private static Future<Void> closed(NetSocket socket) {
    Promise<Void> closed = Promise.promise();
    socket.closeHandler(v -> closed.tryComplete());
    return closed.future();
  }
}
