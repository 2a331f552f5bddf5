package io.ticketping.deploy;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.Map;

/**
 * Fills in the cluster secret and the event-bus TLS material the configuration leaves empty, for a cluster whose
 * members are all on this host (loopback addresses, no Kubernetes discovery): {@code <dataDir>/cluster-secret} and a
 * self-signed member certificate in {@code <dataDir>/cluster-tls/}, generated once and shared by every JVM of the
 * run. A cluster across hosts must be given them: generated ones could not be the same on every host, and a member
 * that quietly made its own would just never join.
 */
final class ClusterCredentials {

  static final String KEY_FILE = "member-key.pem";
  static final String CERT_FILE = "member-cert.pem";

  private ClusterCredentials() {
  }

  static JsonObject ensure(JsonObject config, Path dataDir) {
    JsonObject cluster = config.getJsonObject("cluster");
    JsonObject tls = cluster.getJsonObject("tls");
    if (cluster.getString("secret", "").isEmpty()) {
      requireOneHost(cluster, "cluster.secret");
      cluster.put("secret", OwnerOnlyFiles.readOrCreate(dataDir.resolve("cluster-secret"),
        GeneratedKeys::randomSecret));
    }
    if (tls.getString("keyPath", "").isEmpty() && tls.getString("trustPath", "").isEmpty()) {
      requireOneHost(cluster, "cluster.tls.keyPath, cluster.tls.certPath and cluster.tls.trustPath");
      Path dir = OwnerOnlyFiles.directoryOnce(dataDir.resolve("cluster-tls"), () -> {
        DevCertificate member = DevCertificate.generate("ticketping-cluster-dev");
        return Map.of(KEY_FILE, member.keyPem(), CERT_FILE, member.certPem());
      }).toAbsolutePath();
      String cert = dir.resolve(CERT_FILE).toString();
      tls.put("keyPath", dir.resolve(KEY_FILE).toString()).put("certPath", cert).put("trustPath", cert);
    }
    return config;
  }

  /** Whether every member is on this host: the only cluster whose members can share generated files. */
  static boolean onOneHost(JsonObject cluster) {
    return cluster.getString("kubernetesServiceDns", "").isBlank() && loopback(cluster.getString("host"))
      && ClusterSetup.members(cluster.getString("members")).stream()
        .allMatch(m -> loopback(m.substring(0, Math.max(0, m.lastIndexOf(':')))));
  }

  private static boolean loopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }

  private static void requireOneHost(JsonObject cluster, String keys) {
    if (!onOneHost(cluster)) {
      throw new IllegalArgumentException(keys + " must be set: every member of a cluster across hosts needs the same "
        + "ones (they are generated only when every member is on loopback)");
    }
  }
}
