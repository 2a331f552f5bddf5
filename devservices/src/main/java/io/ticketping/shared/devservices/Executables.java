package io.ticketping.shared.devservices;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a server binary on the PATH, or where Debian puts it. */
final class Executables {

  private Executables() {
  }

  static String find(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : (path + ":/usr/sbin:/usr/bin:/usr/local/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    throw new IllegalStateException(name + " is not installed: run scripts/install-deps (apt-get install redis-server)");
  }
}
