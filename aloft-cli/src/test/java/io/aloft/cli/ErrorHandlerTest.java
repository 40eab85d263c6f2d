package io.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** A file system failure reads as the file and what went wrong, never as a bare file name. */
class ErrorHandlerTest {
  @Test
  void fileSystemFailures_nameTheFileAndTheProblem() {
    assertThat(ErrorHandler.describe(new NoSuchFileException("/out/terminal-1-batch-2.alb.tmp")))
        .isEqualTo("/out/terminal-1-batch-2.alb.tmp: no such file or folder");
    assertThat(ErrorHandler.describe(new AccessDeniedException("/out/a", null, null)))
        .isEqualTo("/out/a: permission denied");
    assertThat(ErrorHandler.describe(new FileSystemException("/out/a", "/out/b", "Read-only file system")))
        .isEqualTo("/out/a: Read-only file system (and /out/b)");
  }
}
