package io.aloft.server.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Whether this JVM runs as root, and how to start a PostgreSQL process that will accept it. */
final class ProcessUser {
  private static final String UNSHARE = "unshare";

  private ProcessUser() {}

  /** True when the effective user id is 0, read from the kernel rather than from user.name. */
  static boolean isRoot() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("Uid:")) {
        String[] ids = line.substring(4).trim().split("\\s+");
        return ids.length > 1 && ids[1].equals("0");
      }
    }
    return false;
  }

  /**
   * Prefixes {@code command} so it runs in a new user namespace with no id mapping: there the
   * process's user id reads as the overflow id (nobody), which is what initdb and postgres check.
   */
  static List<String> inUserNamespace(List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of(UNSHARE, "--user"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Fails early, with advice, where this machine forbids user namespaces. */
  static void requireUserNamespaces() throws IOException {
    Process probe;
    try {
      probe = new ProcessBuilder(UNSHARE, "--user", "true").redirectErrorStream(true).start();
    } catch (IOException noUnshare) {
      throw refusal();
    }
    try {
      if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    probe.destroyForcibly();
    throw refusal();
  }

  private static IOException refusal() {
    return new IOException("PostgreSQL refuses to run as root, and this machine does not allow"
        + " 'unshare --user' to run it unprivileged. Run Aloft as a non-root user, or point it at"
        + " an installed PostgreSQL with --db-url / ALOFT_DB_URL.");
  }
}
