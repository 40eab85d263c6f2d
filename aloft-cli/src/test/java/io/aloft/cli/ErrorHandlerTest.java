package io.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.sqlite.SchemaTooNewException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Failures read as one line that says what went wrong, never as a bare file name or an internal error. */
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

  @Test
  void aDeviceFileFromANewerAloft_isARefusalInOneLine_notAnInternalError() {
    CommandLine commandLine = new CommandLine(new Aloft());
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err, true));

    int exit = new ErrorHandler().handleExecutionException(new SchemaTooNewException("wallet store", 2, 1),
        commandLine, null);

    assertThat(exit).isEqualTo(ExitCodes.REFUSED);
    assertThat(err.toString()).isEqualTo("aloft: wallet store has schema version 2, but this version of the app "
        + "reads versions up to 1: open it with a newer version" + System.lineSeparator());
  }
}
