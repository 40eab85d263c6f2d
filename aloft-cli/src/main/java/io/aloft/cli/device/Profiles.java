package io.aloft.cli.device;

import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.Secrets;
import io.aloft.cli.http.ApiClient;
import io.aloft.protocol.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A device folder's own settings file (JSON, mode 600 since it holds the device's server secret),
 * next to the SDK's key and database. The folder is mode 700: one that other users can open is
 * refused before anything in it is read or written.
 */
public final class Profiles {
  private static final long MAX_PROFILE_BYTES = 64 * 1024;

  private Profiles() {}

  /** Reads {@code dir/name}; when missing, says which {@code init} sets the folder up. */
  public static <T> T read(Path dir, String name, Class<T> type, CommandSpec group) throws CliException {
    Path file = dir.resolve(name);
    String initHint = "'" + group.qualifiedName() + " --dir " + dir + " init'";
    if (Files.isDirectory(dir)) {
      try {
        PrivateFiles.checkFolder(dir);
      } catch (IOException e) {
        throw new CliException(ExitCodes.USAGE, e.getMessage());
      }
    }
    try {
      if (Files.size(file) > MAX_PROFILE_BYTES) {
        throw new CliException(ExitCodes.INPUT, file + " is too large to be a device profile");
      }
      return ApiClient.json().readValue(file.toFile(), type);
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCodes.USAGE, dir + " is not set up yet; run " + initHint + " first");
    } catch (IOException e) {
      throw new CliException(ExitCodes.INPUT, "cannot read " + file + ": " + e.getMessage());
    }
  }

  public static void write(Path file, Object profile) throws IOException, CliException {
    Secrets.writePrivate(file, ApiClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(profile));
  }
}
