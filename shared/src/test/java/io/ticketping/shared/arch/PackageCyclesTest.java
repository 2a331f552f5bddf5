package io.ticketping.shared.arch;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PackageCyclesTest {

  @Test
  @DisplayName("shared's main code has no package cycle")
  void sharedHasNone() {
    assertThat(PackageCycles.in(Path.of("src/main/java"))).isEmpty();
  }

  @Test
  @DisplayName("a cycle through three packages is found, whether made by an import, a static import or a qualified "
    + "name, and named with the files that make it")
  void findsCycles(@TempDir Path root) throws IOException {
    write(root, "io/ticketping/x/a/A.java", "package io.ticketping.x.a;\nimport io.ticketping.x.b.B;\nclass A {}");
    write(root, "io/ticketping/x/b/B.java",
      "package io.ticketping.x.b;\nimport static io.ticketping.x.c.C.run;\nclass B {}");
    write(root, "io/ticketping/x/c/C.java",
      "package io.ticketping.x.c;\nclass C { Object a = new io.ticketping.x.a.A(); }");
    write(root, "io/ticketping/x/d/D.java", "package io.ticketping.x.d;\nimport io.ticketping.x.a.*;\nclass D {}");

    assertThat(PackageCycles.in(root)).singleElement().satisfies(cycle -> assertThat(cycle)
      .contains("[io.ticketping.x.a, io.ticketping.x.b, io.ticketping.x.c]")
      .contains("io.ticketping.x.c -> io.ticketping.x.a (io/ticketping/x/c/C.java)")
      .doesNotContain("io.ticketping.x.d"));
  }

  @Test
  @DisplayName("names in comments, strings and text blocks, and of other modules' packages, are no dependency")
  void ignoresWhatIsNotCode(@TempDir Path root) throws IOException {
    write(root, "io/ticketping/y/a/A.java", "package io.ticketping.y.a;\nimport io.ticketping.y.b.B;\n"
      + "import io.ticketping.elsewhere.E;\nclass A {}");
    write(root, "io/ticketping/y/b/B.java", "package io.ticketping.y.b;\n"
      + "/** See {@link io.ticketping.y.a.A}. */\n"
      + "class B {\n  // io.ticketping.y.a.A\n  String s = \"io.ticketping.y.a.A \\\" //\";\n"
      + "  String t = \"\"\"\n    io.ticketping.y.a.A\n    \"\"\";\n  char c = '\"';\n}");

    assertThat(PackageCycles.in(root)).isEmpty();
    assertThat(PackageCycles.dependencies(root).get("io.ticketping.y.a")).containsOnlyKeys("io.ticketping.y.b");
  }

  private static void write(Path root, String file, String text) throws IOException {
    Path path = root.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }
}
