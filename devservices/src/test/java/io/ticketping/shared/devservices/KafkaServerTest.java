package io.ticketping.shared.devservices;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaServerTest {

  @Test
  @DisplayName("the broker jars are found through the ticketping.kafka.lib property the build sets for tests")
  void findsLib() {
    assertThat(KafkaServer.libDir().resolve("kafka_2.13-4.4.0.jar")).exists();
  }

  @Test
  @DisplayName("a lib folder without broker jars is refused with a message that says how to build them")
  void refusesEmptyLib() throws IOException {
    String before = System.getProperty(KafkaServer.LIB_PROPERTY);
    Path empty = Files.createTempDirectory("no-kafka-");
    try {
      System.setProperty(KafkaServer.LIB_PROPERTY, empty.toString());
      assertThatThrownBy(KafkaServer::libDir).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mvn -DskipTests package");
    } finally {
      System.setProperty(KafkaServer.LIB_PROPERTY, before);
      Files.delete(empty);
    }
  }

  @Test
  @DisplayName("a port that something else listens on is refused before any broker starts")
  void refusesBusyPort() throws IOException {
    Path dir = Files.createTempDirectory("kafka-busy-");
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         ServerSocket controller = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // Both ports are taken here, so the start must refuse before it launches a broker.
      KafkaServer server = new KafkaServer(busy.getLocalPort(), controller.getLocalPort(), dir, false);
      assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
      assertThat(server.isRunning()).isFalse();
    } finally {
      KafkaServer.deleteDirectory(dir);
    }
  }

  @Test
  @DisplayName("cluster ids are 22 URL-safe base64 characters that never start with a dash")
  void clusterIds() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 1000; i++) {
      assertThat(KafkaBrokerFiles.newClusterId(random)).hasSize(22).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}");
    }
  }
}
