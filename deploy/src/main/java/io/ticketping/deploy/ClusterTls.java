package io.ticketping.deploy;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Mutual TLS on the clustered event bus, from {@code cluster.tls}: every member's event-bus server takes TLS 1.3 only
 * and requires a client certificate that chains to the trust store, and every member presents its own certificate
 * when it connects to another, so a process without a member certificate can neither send to nor receive from the
 * bus, and clear text is refused. Key and trust store are PEM files, or PKCS#12 files when named {@code .p12} or
 * {@code .pfx}. Host names are not checked (members are addressed by pod IPs that change): the trust store is what
 * says who is a member, so it should hold only the cluster's own CA, never a public one.
 */
final class ClusterTls {

  private ClusterTls() {
  }

  static EventBusOptions apply(EventBusOptions bus, JsonObject tls) {
    String keyPath = tls.getString("keyPath", "");
    String trustPath = tls.getString("trustPath", "");
    if (keyPath.isBlank() || trustPath.isBlank()) {
      throw new IllegalArgumentException("cluster.tls.keyPath and cluster.tls.trustPath must be set: the clustered "
        + "event bus accepts only mutual TLS (generated only for a cluster whose members are all on loopback)");
    }
    // The event bus trusts every server certificate unless told otherwise (its trustAll defaults to true).
    return bus.setSsl(true).setClientAuth(ClientAuth.REQUIRED).setTrustAll(false)
      .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
      .setKeyCertOptions(keyCert(tls, readable("cluster.tls.keyPath", keyPath)))
      .setTrustOptions(trust(tls, readable("cluster.tls.trustPath", trustPath)));
  }

  private static KeyCertOptions keyCert(JsonObject tls, String keyPath) {
    if (pkcs12(keyPath)) {
      return new PfxOptions().setPath(keyPath).setPassword(tls.getString("keyStorePassword", ""));
    }
    String certPath = tls.getString("certPath", "");
    if (certPath.isBlank()) {
      throw new IllegalArgumentException("cluster.tls.certPath must be set with a PEM cluster.tls.keyPath");
    }
    return new PemKeyCertOptions().setKeyPath(keyPath).setCertPath(readable("cluster.tls.certPath", certPath));
  }

  private static TrustOptions trust(JsonObject tls, String trustPath) {
    return pkcs12(trustPath)
      ? new PfxOptions().setPath(trustPath).setPassword(tls.getString("trustStorePassword", ""))
      : new PemTrustOptions().addCertPath(trustPath);
  }

  private static boolean pkcs12(String path) {
    String name = path.toLowerCase(Locale.ROOT);
    return name.endsWith(".p12") || name.endsWith(".pfx");
  }

  private static String readable(String key, String path) {
    if (!Files.isReadable(Path.of(path))) {
      throw new IllegalArgumentException(key + " names no readable file: " + path);
    }
    return path;
  }
}
