package io.ticketping.deploy;

import io.ticketping.shared.config.AppConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterCredentialsTest {

  @Test
  @DisplayName("on loopback, the secret and a member certificate are generated once, owner-only, and every JVM "
    + "starting at the same moment gets the same ones")
  void generatedOnceForOneHost(@TempDir Path dir) throws Exception {
    CyclicBarrier together = new CyclicBarrier(4);
    List<CompletableFuture<JsonObject>> starts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      starts.add(CompletableFuture.supplyAsync(() -> {
        try {
          together.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return ClusterCredentials.ensure(AppConfig.defaults(), dir).getJsonObject("cluster");
      }));
    }
    List<JsonObject> clusters = starts.stream().map(CompletableFuture::join).toList();
    JsonObject first = clusters.get(0);
    assertThat(clusters).allSatisfy(c -> assertThat(c).isEqualTo(first));
    assertThat(first.getString("secret")).hasSizeGreaterThanOrEqualTo(ClusterName.MIN_SECRET_LENGTH);
    JsonObject tls = first.getJsonObject("tls");
    assertThat(tls.getString("trustPath")).isEqualTo(tls.getString("certPath"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("cluster-secret"))))
      .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(tls.getString("keyPath")))))
      .isEqualTo("rw-------");
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).as("no draft left behind")
        .containsExactlyInAnyOrder("cluster-secret", "cluster-tls");
    }

    // The certificate is X.509, self-signed, for both ends of a TLS connection, and the key is its own.
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
      new ByteArrayInputStream(Files.readAllBytes(Path.of(tls.getString("certPath")))));
    cert.checkValidity();
    cert.verify(cert.getPublicKey());
    assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(io.ticketping.shared.crypto.Es256Keys.privateKey(
      Files.readString(Path.of(tls.getString("keyPath")), StandardCharsets.US_ASCII)));
    signer.update(new byte[] {1, 2, 3});
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(cert);
    verifier.update(new byte[] {1, 2, 3});
    assertThat(verifier.verify(signer.sign())).as("the key matches the certificate").isTrue();

    JsonObject again = ClusterCredentials.ensure(AppConfig.defaults(), dir).getJsonObject("cluster");
    assertThat(again).as("the next start reuses them").isEqualTo(first);
  }

  @Test
  @DisplayName("a cluster across hosts must be given its secret and certificate: nothing is generated, and the "
    + "missing key is named")
  void acrossHostsMustBeGiven(@TempDir Path dir) {
    JsonObject kubernetes = AppConfig.defaults();
    kubernetes.getJsonObject("cluster").put("kubernetesServiceDns", "ticketping-cluster.ticketping.svc.cluster.local");
    assertThatThrownBy(() -> ClusterCredentials.ensure(kubernetes, dir)).hasMessageContaining("cluster.secret");

    JsonObject compose = AppConfig.defaults();
    compose.getJsonObject("cluster").put("members", "gateway:5701,queue:5701").put("secret", "s".repeat(40));
    assertThatThrownBy(() -> ClusterCredentials.ensure(compose, dir)).hasMessageContaining("cluster.tls.keyPath");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  @DisplayName("configured ones are used as given and nothing is written")
  void configuredWin(@TempDir Path dir) {
    JsonObject config = AppConfig.defaults();
    config.getJsonObject("cluster").put("secret", "from-the-environment-0123456789abcdef")
      .getJsonObject("tls").put("keyPath", "/etc/k.pem").put("certPath", "/etc/c.pem").put("trustPath", "/etc/ca.pem");
    JsonObject before = config.copy();
    ClusterCredentials.ensure(config, dir);
    assertThat(config).isEqualTo(before);
    assertThat(dir).isEmptyDirectory();
  }
}
