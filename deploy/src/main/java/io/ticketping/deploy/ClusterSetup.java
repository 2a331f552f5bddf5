package io.ticketping.deploy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.observability.TracingSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Arrays;
import java.util.List;

/**
 * Joins the clustered event bus of a split deployment: Hazelcast with TCP/IP discovery of the members listed in
 * {@code cluster.members}, or, when {@code cluster.kubernetesServiceDns} names a headless Service, of every pod behind
 * it (so any role can run any number of replicas); multicast and auto-detection stay off, so nothing else is ever
 * joined. It listens on {@code cluster.host:cluster.port}; the event bus binds and advertises the same host.
 */
final class ClusterSetup {

  static {
    // Set before Hazelcast's first class loads: no phone-home call, logs through SLF4J, no 5 s wait before a join.
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.setProperty("hazelcast.logging.type", System.getProperty("hazelcast.logging.type", "slf4j"));
    System.setProperty("hazelcast.wait.seconds.before.join",
      System.getProperty("hazelcast.wait.seconds.before.join", "0"));
  }

  private ClusterSetup() {
  }

  /** A clustered Vert.x for the {@code cluster} section of the configuration. */
  static Future<Vertx> start(JsonObject config) {
    JsonObject cluster = config.getJsonObject("cluster");
    String host = cluster.getString("host");
    VertxOptions options = MetricsSetup.withMetrics(new VertxOptions(), config);
    options.getEventBusOptions().setHost(host).setClusterPublicHost(host);
    return TracingSetup.withTracing(Vertx.builder().with(options), config)
      .withClusterManager(new HazelcastClusterManager(hazelcast(cluster)))
      .buildClustered();
  }

  static Config hazelcast(JsonObject cluster) {
    String host = cluster.getString("host");
    // Vert.x's own defaults (its maps, multimaps and their backups), with our network settings on top.
    Config config = ConfigUtil.loadConfig();
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // Its periodic health lines flood the role logs of a busy machine; Vert.x logs membership changes already.
    config.setProperty("hazelcast.health.monitoring.level", "OFF");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.getInteger("port")).setPortAutoIncrement(false).setPublicAddress(host);
    if (host.matches("[0-9.]+")) {
      // Bind only the configured address (a loopback cluster must not wander onto another interface).
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    String serviceDns = cluster.getString("kubernetesServiceDns", "");
    if (serviceDns.isBlank()) {
      join.getTcpIpConfig().setEnabled(true).setMembers(members(cluster.getString("members")));
    } else {
      // DNS lookup of the headless Service's pod addresses: no Kubernetes API access (RBAC) needed.
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", serviceDns.trim())
        .setProperty("service-port", String.valueOf(cluster.getInteger("port")));
    }
    return config;
  }

  /** The {@code host:port} entries of a comma-separated list, one by one (Hazelcast rejects port ranges here). */
  static List<String> members(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
  }
}
