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
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks the PostgreSQL binaries archive from the zonky binaries jar into a cache folder, once
 * per machine and archive version. Unpacking goes to a private temporary folder that is then
 * renamed into place, so two JVMs starting at once never see a half-unpacked tree.
 *
 * <p>The build puts the binaries jar of the machine it runs on on the classpath (one Maven
 * profile per platform in aloft-server's pom): linux-amd64, linux-arm64, macOS on Intel and on
 * Apple silicon. Elsewhere there is no embedded PostgreSQL, and the error says to use
 * {@code --db-url}.
 */
final class PostgresBinaries {
  /** The platforms zonky publishes binaries for, as their archives name them. */
  enum Platform {
    LINUX_X86_64("linux-x86_64"),
    LINUX_ARM_64("linux-arm_64"),
    DARWIN_X86_64("darwin-x86_64"),
    DARWIN_ARM_64("darwin-arm_64");

    private final String label;

    Platform(String label) {
      this.label = label;
    }

    /** The archive's resource name inside its binaries jar. */
    String archive() {
      return "postgres-" + label + ".txz";
    }

    /**
     * The platform for a JVM's {@code os.name} and {@code os.arch}, or empty where no embedded
     * PostgreSQL exists.
     */
    static Optional<Platform> of(String osName, String osArch) {
      String os = osName.toLowerCase(Locale.ROOT);
      String arch = osArch.toLowerCase(Locale.ROOT);
      boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
      boolean arm = arch.equals("aarch64") || arch.equals("arm64");
      if (os.startsWith("linux")) {
        return x86 ? Optional.of(LINUX_X86_64) : arm ? Optional.of(LINUX_ARM_64) : Optional.empty();
      }
      if (os.startsWith("mac")) {
        return x86 ? Optional.of(DARWIN_X86_64) : arm ? Optional.of(DARWIN_ARM_64) : Optional.empty();
      }
      return Optional.empty();
    }

    static Platform current() throws IOException {
      String osName = System.getProperty("os.name", "");
      String osArch = System.getProperty("os.arch", "");
      return of(osName, osArch).orElseThrow(() -> new IOException(unsupported(osName, osArch)));
    }

    static String unsupported(String osName, String osArch) {
      return "there is no embedded PostgreSQL for " + osName + " on " + osArch
          + " (it exists for Linux on x86-64 and arm64, and macOS on Intel and Apple silicon);"
          + " use --db-url to point at an installed PostgreSQL";
    }
  }

  /** Bump when the binaries dependency changes version, so a stale cache is not reused. */
  static final String VERSION = "17.6.0";
  /** The archive unpacks to about 60 MB; refuse an entry that claims more than this. */
  private static final long MAX_ENTRY_BYTES = 256L * 1024 * 1024;

  private PostgresBinaries() {}

  /** Returns the folder holding bin/, lib/ and share/, unpacking it first if needed. */
  static Path unpack(Path cache) throws IOException {
    Platform platform = Platform.current();
    Path target = cache.resolve("postgres-" + VERSION + "-" + platform.label);
    if (Files.exists(target.resolve("bin").resolve("postgres"))) {
      return target;
    }
    Files.createDirectories(cache);
    Path staging = Files.createTempDirectory(cache, ".unpacking-");
    try {
      extract(platform, staging);
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

  private static void extract(Platform platform, Path into) throws IOException {
    InputStream archive = PostgresBinaries.class.getClassLoader().getResourceAsStream(platform.archive());
    if (archive == null) {
      throw new IOException("PostgreSQL binaries " + platform.archive() + " are not on the classpath:"
          + " this build was made on another platform. Rebuild here, or use --db-url to point at an"
          + " installed PostgreSQL.");
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
