package io.ticketping.deploy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {

  @Test
  @DisplayName("the command lines of the README and the scripts are accepted")
  void knownCommandLines() {
    assertThat(CommandLine.problems(List.of())).isEmpty();
    assertThat(CommandLine.problems(List.of("--dev"))).isEmpty();
    assertThat(CommandLine.problems(List.of("--dev", "--servers-only"))).isEmpty();
    assertThat(CommandLine.problems(List.of("--role", "queue,booking,payment", "--demo-data"))).isEmpty();
    assertThat(CommandLine.problems(List.of("--role=gateway"))).isEmpty();
    assertThat(CommandLine.problems(List.of("--replay-dead-letters", "payment-events", "order-events"))).isEmpty();
  }

  @Test
  @DisplayName("a mistyped option, a stray argument or a role without its value is refused by name")
  void mistakes() {
    assertThat(CommandLine.problems(List.of("--dve"))).containsExactly("unknown option '--dve'");
    assertThat(CommandLine.problems(List.of("--dev", "gateway"))).containsExactly("unknown argument 'gateway'");
    assertThat(CommandLine.problems(List.of("--role"))).singleElement().asString().startsWith("--role needs a value");
    assertThat(CommandLine.problems(List.of("--role", "--dev"))).singleElement().asString()
      .startsWith("--role needs a value");
  }

  @Test
  @DisplayName("--help and -h ask for the help, which names every option")
  void help() {
    assertThat(CommandLine.wantsHelp(List.of("--help"))).isTrue();
    assertThat(CommandLine.wantsHelp(List.of("--dev", "-h"))).isTrue();
    assertThat(CommandLine.wantsHelp(List.of("--dev"))).isFalse();
    assertThat(CommandLine.USAGE).contains("--dev", "--servers-only", "--role", "--demo-data", "--replay-dead-letters",
      "--help");
  }
}
