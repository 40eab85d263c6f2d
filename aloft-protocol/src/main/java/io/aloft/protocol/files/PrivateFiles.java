package io.aloft.protocol.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold secrets (keys, tokens, passwords, device databases) and the folders they live
 * in. A secret file is mode 600 from the moment it exists, never widened afterwards; its folder is
 * mode 700, and a folder that group or others can use in any way is refused rather than used, so a
 * local user can neither read a secret nor swap one in.
 *
 * <p>Known limit: on a file system without POSIX permissions (Windows, some mounted volumes) there
 * is nothing to set or check, and these methods only create what is missing.
 */
public final class PrivateFiles {
  public static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private PrivateFiles() {}

  /**
   * Returns {@code folder}, created mode 700 (with any missing parents, also 700) when missing.
   *
   * @throws FolderTooOpenException when it exists and group or others have any permission on it
   */
  public static Path folder(Path folder) throws IOException {
    createFolder(folder);
    checkFolder(folder);
    return folder;
  }

  /**
   * Creates {@code folder} mode 700 (with any missing parents, also 700) when missing, and leaves
   * an existing one as it is. The SDKs use this: whether an app's existing folder is private
   * enough is the platform's call (Android isolates app storage by user id, and its files folder
   * is group-accessible to the app's own group); the CLI and the server use {@link #folder}.
   */
  public static Path createFolder(Path folder) throws IOException {
    if (Files.exists(folder)) {
      return folder;
    }
    if (isPosix(folder)) {
      Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
      // The process umask can only remove bits; set the mode exactly in case it removed an owner bit.
      Files.setPosixFilePermissions(folder, FOLDER_MODE);
    } else {
      Files.createDirectories(folder);
    }
    return folder;
  }

  /** Refuses {@code folder} when group or others have any permission on it. */
  public static void checkFolder(Path folder) throws IOException {
    if (!isPosix(folder)) {
      return;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(folder);
    if (mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
      throw new FolderTooOpenException(folder.toAbsolutePath().normalize(), PosixFilePermissions.toString(mode));
    }
  }

  /**
   * Makes sure {@code file} exists with mode 600 before a library opens it: an existing file is
   * narrowed to 600, a missing one is created empty with that mode. SQLite gives a database's
   * {@code -wal} and {@code -shm} files the mode of the database file, so they follow.
   */
  public static void file(Path file) throws IOException {
    if (!isPosix(file)) {
      return;
    }
    if (Files.exists(file)) {
      Files.setPosixFilePermissions(file, FILE_MODE);
    } else {
      Files.createFile(file, ownerOnly());
    }
  }

  /**
   * {@link #file} for a SQLite database, and the same for its {@code -wal}, {@code -shm} and
   * {@code -journal} files where they already exist (left by a version that did not set modes).
   */
  public static void database(Path file) throws IOException {
    file(file);
    for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
      Path sidecar = file.resolveSibling(file.getFileName() + suffix);
      if (Files.exists(sidecar)) {
        file(sidecar);
      }
    }
  }

  /**
   * Writes {@code content} to {@code file}, replacing it atomically: a new 600 file next to it is
   * written, synced and renamed over it, so the secret is never readable by others, even briefly,
   * and never half written.
   */
  public static void write(Path file, byte[] content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Path temporary = parent.resolve("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    if (isPosix(parent)) {
      Files.createFile(temporary, ownerOnly());
    }
    try {
      Files.write(temporary, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(FILE_MODE);
  }

  private static boolean isPosix(Path path) {
    return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
  }
}
