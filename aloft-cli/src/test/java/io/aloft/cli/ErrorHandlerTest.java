package io.aloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.sqlite.SchemaTooNewException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ErrorHandlerTest {
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
