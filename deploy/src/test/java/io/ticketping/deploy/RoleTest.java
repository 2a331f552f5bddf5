package io.ticketping.deploy;

import com.hazelcast.config.Config;
import io.ticketping.shared.config.AppConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleTest {

  private static final String SECRET = "a-cluster-secret-of-at-least-32-characters";

  @Test
  @DisplayName("--role takes all (the default) or a comma-separated subset, and names a wrong role")
  void parse() {
    assertThat(Role.parse(null)).isEqualTo(EnumSet.allOf(Role.class));
    assertThat(Role.parse("all")).isEqualTo(EnumSet.allOf(Role.class));
    assertThat(Role.parse("gateway, Queue")).containsExactly(Role.GATEWAY, Role.QUEUE);
    assertThat(Role.isAll(Role.parse("gateway,queue,booking,payment"))).isTrue();
    assertThat(Role.isAll(Role.parse("booking"))).isFalse();
    assertThatThrownBy(() -> Role.parse("gateway,ticketing")).hasMessageContaining("ticketing");
    assertThat(Main.option(List.of("--dev", "--role", "payment"), "--role")).isEqualTo("payment");
    assertThat(Main.option(List.of("--role=queue"), "--role")).isEqualTo("queue");
  }

  @Test
  @DisplayName("each JVM generates only the secrets it uses: signing keys where a gateway runs, cluster secret and "
    + "certificate where it joins the cluster, both in the servers-only JVM of a split run on one host")
  void secretsPerJvm(@TempDir Path dir) throws Exception {
    Main.fillInSecrets(AppConfig.defaults(), dir.resolve("all"), Role.parse("all"), false);
    assertThat(names(dir.resolve("all"))).containsExactlyInAnyOrder("jwt-secret", "queue-pass-private.pem",
      "queue-pass-public.pem");

    JsonObject booking = AppConfig.defaults();
    Main.fillInSecrets(booking, dir.resolve("booking"), Role.parse("booking"), false);
    assertThat(names(dir.resolve("booking"))).containsExactlyInAnyOrder("cluster-secret", "cluster-tls");
    assertThat(booking.getJsonObject("jwt").getString("secret")).isEmpty();

    Main.fillInSecrets(AppConfig.defaults(), dir.resolve("servers"), Role.parse("all"), true);
    assertThat(names(dir.resolve("servers"))).containsExactlyInAnyOrder("jwt-secret", "queue-pass-private.pem",
      "queue-pass-public.pem", "cluster-secret", "cluster-tls");

    JsonObject kubernetes = AppConfig.defaults();
    kubernetes.getJsonObject("cluster").put("kubernetesServiceDns", "ticketping-cluster.ticketping.svc.cluster.local");
    Main.fillInSecrets(kubernetes, dir.resolve("k8s-servers"), Role.parse("all"), true);
    assertThat(names(dir.resolve("k8s-servers"))).doesNotContain("cluster-secret", "cluster-tls");
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }

  @Test
  @DisplayName("the cluster joins only the listed members by TCP/IP, one by one, on the configured host and port")
  void hazelcastConfig() {
    Config config = ClusterSetup.hazelcast(new JsonObject().put("host", "127.0.0.1").put("port", 5702)
      .put("members", "127.0.0.1:5701, 127.0.0.1:5702,").put("secret", SECRET));
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5702);
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
      .containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("the cluster name is derived from the secret without containing it, the same on every member, and "
    + "a member that got in anyway can run no Jet job, upload no code and use no text protocol")
  void clusterNameAndHardening() {
    Config config = ClusterSetup.hazelcast(new JsonObject().put("host", "127.0.0.1").put("port", 5701)
      .put("members", "127.0.0.1:5701").put("secret", SECRET));
    assertThat(config.getClusterName()).isEqualTo(ClusterName.of(SECRET)).startsWith("ticketping-").hasSize(75)
      .doesNotContain(SECRET).isNotEqualTo(ClusterName.of(SECRET + "!"));
    assertThat(config.getProperty("hazelcast.logging.details.enabled")).isEqualTo("false");
    assertThat(config.getJetConfig().isEnabled()).isFalse();
    assertThat(config.getUserCodeDeploymentConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getRestApiConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getMemcacheProtocolConfig().isEnabled()).isFalse();
    assertThat(config.getSerializationConfig().getJavaSerializationFilterConfig().getWhitelist().getPrefixes())
      .containsExactly("io.vertx.");
    assertThatThrownBy(() -> ClusterSetup.hazelcast(new JsonObject().put("host", "127.0.0.1").put("port", 5701)
      .put("members", "127.0.0.1:5701").put("secret", "too-short"))).hasMessageContaining("cluster.secret");
  }

  @Test
  @DisplayName("with a headless Service named, members are found by its DNS records instead of the TCP/IP list")
  void kubernetesDiscovery() {
    Config config = ClusterSetup.hazelcast(new JsonObject().put("host", "10.1.2.3").put("port", 5701)
      .put("members", "ignored:5701").put("kubernetesServiceDns", "ticketping-cluster.ticketping.svc.cluster.local")
      .put("secret", SECRET));
    var join = config.getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns"))
      .isEqualTo("ticketping-cluster.ticketping.svc.cluster.local");
    assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5701");
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.1.2.3");
  }
}
