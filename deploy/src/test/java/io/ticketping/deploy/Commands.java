package io.ticketping.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Installed command-line tools (promtool, amtool, Alertmanager) that the monitoring tests run. */
final class Commands {

  private Commands() {
  }

  /** {@code command} as found on the PATH. */
  static Optional<Path> find(String command) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":")).map(dir -> Path.of(dir, command))
      .filter(Files::isExecutable).findFirst();
  }

  /** Runs {@code command} to its end (30 s at most) and returns its output; fails unless it exits 0. */
  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }
}
