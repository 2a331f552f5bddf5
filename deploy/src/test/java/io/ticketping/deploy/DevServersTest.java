package io.ticketping.deploy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevServersTest {

  @Test
  @DisplayName("the dev broker listens on the port of the first bootstrap server")
  void kafkaPort() {
    assertThat(DevServers.kafkaPort("127.0.0.1:9092")).isEqualTo(9092);
    assertThat(DevServers.kafkaPort(" localhost:19092 , other:9093")).isEqualTo(19092);
    assertThatThrownBy(() -> DevServers.kafkaPort("localhost")).isInstanceOf(IllegalArgumentException.class);
  }
}
