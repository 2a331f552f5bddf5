package io.ticketping.queue;

import io.ticketping.shared.arch.PackageCycles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PackageCycleTest {

  @Test
  @DisplayName("no two packages of the main code depend on each other, directly or through others")
  void noPackageCycle() {
    assertThat(PackageCycles.in(Path.of("src/main/java"))).isEmpty();
  }
}
