package io.aloft.cli.terminal;

import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.ServerOption;
import io.aloft.terminal.Terminal;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** After landing: send the journal to the server in signed batches, or export them as files. */
@Command(name = "upload", mixinStandardHelpOptions = true,
    description = {"After landing: upload the journal and record each payment's outcome.",
            "Upload the journal's unsent entries in signed batches and record the server's outcome for each; "
                + "--export-dir writes the next batch as a file instead."})
final class TerminalUpload implements Callable<Integer> {
  @ParentCommand TerminalCommand parent;
  @Mixin ServerOption server;

  @Option(names = "--export-dir", paramLabel = "DIR", description = "Write the next batch to DIR (no network).")
  Path exportDir;

  @Override
  public Integer call() throws Exception {
    TerminalProfile profile = parent.profile();
    try (Terminal terminal = parent.open(profile)) {
      if (exportDir != null) {
        Optional<Path> written = terminal.exportBatch(exportDir);
        System.out.println(written.map(p -> "wrote " + p).orElse("nothing to upload"));
        return ExitCodes.OK;
      }
    }
    throw new CliException(ExitCodes.SERVER, "the server at " + (server.isSet() ? server.url() : profile.server())
        + " has no upload endpoint yet (settlement is not part of this server); use --export-dir to keep the batch");
  }
}
