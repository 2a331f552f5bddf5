package io.ticketping.deploy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code mermaid} block of the README parses with mermaid itself, as GitHub renders it:
 * {@code mermaid-check/check.mjs} under Node.js ({@code scripts/install-deps} installs Node.js and the packages).
 */
class ReadmeDiagramsTest {

  private static final Path CHECK = Path.of("mermaid-check");
  private static final Path README = Path.of("..", "README.md");

  @Test
  @DisplayName("every mermaid block of README.md parses, and there are the architecture and purchase diagrams")
  void readmeDiagramsParse() throws Exception {
    String readme = Files.readString(README);
    Matcher fences = Pattern.compile("(?m)^```mermaid\\s*$").matcher(readme);
    int blocks = 0;
    while (fences.find()) {
      blocks++;
    }
    assertThat(blocks).as("mermaid blocks in README.md").isGreaterThanOrEqualTo(2);
    Result result = check(README);
    assertThat(result.exit).as(result.output).isZero();
    assertThat(result.output).contains(blocks + " diagrams valid, 0 invalid")
      .contains(": flowchart-v2").contains(": sequence");
  }

  @Test
  @DisplayName("the check refuses a diagram that does not parse, naming its line")
  void brokenDiagramIsRefused(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.md");
    Files.writeString(broken, """
      # Broken

      ```mermaid
      sequenceDiagram
        Buyer->>Gateway POST /api/v1/orders
      ```
      """);
    Result result = check(broken);
    assertThat(result.exit).isEqualTo(1);
    assertThat(result.output).contains(broken + ":3: ", "Parse error", "0 diagrams valid, 1 invalid");
  }

  private record Result(int exit, String output) {
  }

  private static Result check(Path markdown) throws IOException, InterruptedException {
    assertThat(CHECK.resolve("node_modules").resolve("mermaid"))
      .as("the check's packages (scripts/install-deps installs them)").isDirectory();
    Process process = new ProcessBuilder("node", CHECK.resolve("check.mjs").toString(), markdown.toString())
      .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
