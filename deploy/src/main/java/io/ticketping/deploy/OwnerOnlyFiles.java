package io.ticketping.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Generated secrets kept owner-only under {@code dataDir}, created once even when several JVMs of a split run start
 * at the same moment: each is written complete under a private temporary name and then put in place in one atomic
 * step that fails if another JVM was first, in which case that JVM's copy is read and this one thrown away.
 */
final class OwnerOnlyFiles {

  private static final FileAttribute<?> FILE = PosixFilePermissions.asFileAttribute(
    PosixFilePermissions.fromString("rw-------"));
  private static final FileAttribute<?> DIRECTORY = PosixFilePermissions.asFileAttribute(
    PosixFilePermissions.fromString("rwx------"));

  private OwnerOnlyFiles() {
  }

  /** The text of {@code file}, written first from {@code content} if it does not exist. */
  static String readOrCreate(Path file, Supplier<String> content) {
    try {
      if (!Files.exists(file)) {
        Path dir = Files.createDirectories(file.toAbsolutePath().getParent());
        Path draft = Files.createTempFile(dir, file.getFileName() + ".", ".tmp", FILE);
        try {
          Files.writeString(draft, content.get());
          // A hard link is created atomically and never replaces an existing file.
          Files.createLink(file, draft);
        } catch (FileAlreadyExistsException lost) {
          // Another JVM created it first: use that one.
        } finally {
          Files.deleteIfExists(draft);
        }
      }
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create or read " + file, e);
    }
  }

  /**
   * The directory {@code dir} holding the files of {@code content} (name to text), all written first if it does not
   * exist: files that belong together (a key and its certificate) are never seen half made.
   */
  static Path directoryOnce(Path dir, Supplier<Map<String, String>> content) {
    try {
      if (!Files.isDirectory(dir)) {
        Path parent = Files.createDirectories(dir.toAbsolutePath().getParent());
        Path draft = Files.createTempDirectory(parent, dir.getFileName() + ".", DIRECTORY);
        try {
          for (Map.Entry<String, String> file : content.get().entrySet()) {
            Files.writeString(Files.createFile(draft.resolve(file.getKey()), FILE), file.getValue());
          }
          // rename(2) of a directory is atomic and fails when the target exists and is not empty.
          Files.move(draft, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          if (!Files.isDirectory(dir)) {
            throw e;
          }
          // Another JVM created it first ("Directory not empty"): use that one.
        } finally {
          deleteTree(draft);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
