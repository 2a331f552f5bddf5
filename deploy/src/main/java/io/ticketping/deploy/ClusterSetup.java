package io.ticketping.deploy;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.ticketping.shared.observability.MetricsSetup;
import io.ticketping.shared.observability.TracingSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Arrays;
import java.util.List;

/**
 * Joins the clustered event bus of a split deployment: Hazelcast with TCP/IP discovery of the members listed in
 * {@code cluster.members}, or, when {@code cluster.kubernetesServiceDns} names a headless Service, of every pod behind
 * it (so any role can run any number of replicas); multicast and auto-detection stay off, so nothing else is ever
 * joined. It listens on {@code cluster.host:cluster.port}; the event bus binds and advertises the same host, on
 * {@code cluster.eventBusPort}.
 *
 * <p>Only members that know {@code cluster.secret} join: the Hazelcast cluster name is derived from it
 * ({@link ClusterName}). The event bus itself takes mutual TLS only ({@link ClusterTls}), so a process that got into
 * Hazelcast without a member certificate still can neither send nor receive a message; a member checks its own TLS
 * settings before it joins ({@link ClusterTlsCheck}).
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

  /**
   * A clustered Vert.x for the {@code cluster} section of the configuration. Checks the event-bus TLS settings first,
   * on the calling thread (never an event loop); a wrong setting throws.
   */
  static Future<Vertx> start(JsonObject config) {
    return start(config, new HazelcastClusterManager(hazelcast(config.getJsonObject("cluster"))));
  }

  /** As {@link #start(JsonObject)}, through the given cluster manager (tests keep it to count the members). */
  static Future<Vertx> start(JsonObject config, ClusterManager clusterManager) {
    JsonObject cluster = config.getJsonObject("cluster");
    String host = cluster.getString("host");
    VertxOptions options = MetricsSetup.withMetrics(new VertxOptions(), config);
    ClusterTls.apply(options.getEventBusOptions().setHost(host).setClusterPublicHost(host)
      .setPort(cluster.getInteger("eventBusPort")), cluster.getJsonObject("tls"));
    ClusterTlsCheck.run(options.getEventBusOptions());
    return TracingSetup.withTracing(Vertx.builder().with(options), config)
      .withClusterManager(clusterManager)
      .buildClustered();
  }

  static Config hazelcast(JsonObject cluster) {
    String host = cluster.getString("host");
    // Vert.x's own defaults (its maps, multimaps and their backups), with our network settings on top.
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(ClusterName.of(cluster.getString("secret")));
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // Hazelcast prefixes each log line with the cluster name: keep the join token out of the logs.
    config.setProperty("hazelcast.logging.details.enabled", "false");
    hardened(config);
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

  /**
   * What a member that got in anyway (one that learnt the cluster name on the wire) may ask of the others: no Jet jobs
   * or uploaded code, no REST or memcache text protocols, and no Java deserialization of classes outside Hazelcast,
   * Vert.x and the JDK (the usual gadget chains).
   */
  private static void hardened(Config config) {
    config.getJetConfig().setEnabled(false).setResourceUploadEnabled(false);
    config.getUserCodeDeploymentConfig().setEnabled(false);
    config.getNetworkConfig().getRestApiConfig().setEnabled(false);
    config.getNetworkConfig().getMemcacheProtocolConfig().setEnabled(false);
    config.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig()
      .setWhitelist(new ClassFilter().addPrefixes("io.vertx.")));
  }

  /** The {@code host:port} entries of a comma-separated list, one by one (Hazelcast rejects port ranges here). */
  static List<String> members(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
  }
}
