package io.aloft.cli;

import io.aloft.protocol.files.FolderTooOpenException;
import io.aloft.protocol.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the CLI finds secrets: a file named on the command line, else an environment variable,
 * else a conventional file. Secrets are never taken as plain options, so they stay out of shell
 * history and process listings.
 */
public final class Secrets {
  /** A secret file is one line; anything this large is the wrong file. */
  private static final long MAX_SECRET_FILE_BYTES = 4096;

  private Secrets() {}

  /**
   * @param file the file given on the command line, or null
   * @param environmentVariable consulted when no file was given
   * @param fallback a conventional file consulted last, or null
   * @param what the secret's name for the error message, e.g. "admin key"
   * @param hint how to provide it, for the error message
   */
  public static String resolve(Path file, String environmentVariable, Path fallback, String what, String hint)
      throws CliException {
    if (file != null) {
      return read(file, what);
    }
    String fromEnv = System.getenv(environmentVariable);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    if (fallback != null && Files.isRegularFile(fallback)) {
      return read(fallback, what);
    }
    throw new CliException(ExitCodes.USAGE, "no " + what + ": " + hint);
  }

  public static Optional<String> optionalEnv(String name) {
    return Optional.ofNullable(System.getenv(name)).map(String::trim).filter(s -> !s.isEmpty());
  }

  private static String read(Path file, String what) throws CliException {
    try {
      if (Files.size(file) > MAX_SECRET_FILE_BYTES) {
        throw new CliException(ExitCodes.INPUT, file + " is too large to hold a " + what);
      }
      String value = Files.readString(file).trim();
      if (value.isEmpty()) {
        throw new CliException(ExitCodes.INPUT, file + " is empty; expected the " + what);
      }
      return value;
    } catch (IOException e) {
      throw new CliException(ExitCodes.INPUT, "cannot read the " + what + " from " + file + ": " + e.getMessage());
    }
  }

  /**
   * Writes a secret readable by the owner only (mode 600) into a folder only the owner can open
   * (mode 700, created so when missing).
   *
   * @throws CliException when the folder is open to other users; the message says how to fix it
   */
  public static void writePrivate(Path file, String value) throws IOException, CliException {
    privateFolder(file.toAbsolutePath().getParent());
    PrivateFiles.write(file, (value + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A folder for secrets (a device folder, the folder of a key or token file): created mode 700
   * when missing, refused when group or others have any permission on it.
   */
  public static Path privateFolder(Path folder) throws IOException, CliException {
    try {
      return PrivateFiles.folder(folder);
    } catch (FolderTooOpenException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
  }
}
