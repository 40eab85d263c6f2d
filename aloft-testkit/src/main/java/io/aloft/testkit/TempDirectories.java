package io.aloft.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch folders for servers, terminals and wallets that JUnit's {@code @TempDir} does not own. */
public final class TempDirectories {
  private TempDirectories() {}

  /** A new empty folder in the system's temporary folder, named {@code prefix-…}. */
  public static Path create(String prefix) {
    try {
      return Files.createTempDirectory(prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code directory} and everything in it; a missing folder (or null) is fine. */
  public static void delete(Path directory) {
    if (directory == null || !Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
