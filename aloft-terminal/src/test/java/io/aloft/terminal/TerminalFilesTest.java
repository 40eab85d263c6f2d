package io.aloft.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JVM terminal keeps its key and journal where only its own user can read them. */
class TerminalFilesTest extends TerminalTestCase {
  TerminalFilesTest() {
    super(1);
  }

  @Test
  void aNewTerminalFolder_is700_andItsKeyAndJournalFiles_are600() throws IOException {
    Path folder = directory.resolve("crew").resolve("forward-galley");
    terminal = Terminal.openInDirectory(folder, flight.config(), clock, new SecureRandom());

    assertThat(mode(folder)).isEqualTo("rwx------");
    for (String name : List.of("terminal.key", "terminal.db", "terminal.db-wal", "terminal.db-shm")) {
      assertThat(mode(folder.resolve(name))).as(name).isEqualTo("rw-------");
    }
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
