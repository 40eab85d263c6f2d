package io.aloft.cli.terminal;

import io.aloft.cli.CliException;
import io.aloft.cli.ErrorHandler;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.ServerOption;
import io.aloft.cli.device.IssuerKeyView;
import io.aloft.protocol.client.UploadRefusedException;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.upload.HttpUploader;
import io.aloft.terminal.upload.SyncReport;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
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
        "Sends the journal's unsent entries in signed batches (at most 64 per run) and records the server's "
            + "outcome for each: SETTLED, DUPLICATE, CONFLICT or REJECTED with a reason. A batch whose answer is "
            + "lost is resent identically next time. --export-dir writes the next batch as a file instead."})
final class TerminalUpload implements Callable<Integer> {
  @ParentCommand TerminalCommand parent;
  @Mixin ServerOption server;

  @Option(names = "--export-dir", paramLabel = "DIR",
      description = "Write the next batch to DIR (no network); DIR is created if missing, as --png files' folders are.")
  Path exportDir;

  @Override
  public Integer call() throws Exception {
    if (exportDir != null) {
      exportFolder(exportDir);
    }
    TerminalProfile profile = parent.profile();
    try (Terminal terminal = parent.open(profile)) {
      if (exportDir != null) {
        Optional<Path> written;
        try {
          written = terminal.exportBatch(exportDir);
        } catch (FileSystemException e) {
          throw new CliException(ExitCodes.USAGE, "--export-dir " + exportDir + ": cannot write the batch there ("
              + ErrorHandler.describe(e) + "); nothing was exported, the batch is kept");
        }
        System.out.println(written.map(p -> "wrote " + p).orElse("nothing to upload"));
        return ExitCodes.OK;
      }
      String url = server.urlOr(profile.server());
      CountingUploader uploader = new CountingUploader(HttpUploader.of(URI.create(url), parent.signer(profile),
          IssuerKeyView.toKeys(profile.issuerKeys()), server.transport()));
      SyncReport report = terminal.sync(uploader);
      System.out.println("uploaded " + report.batchesAnswered() + (report.batchesAnswered() == 1 ? " batch, " : " batches, ")
          + report.entriesAnswered()
          + " entries answered" + (uploader.counts().isEmpty() ? "" : ": " + uploader.counts()));
      if (report.failure().isPresent()) {
        throw new CliException(ExitCodes.SERVER, report.failure().get() instanceof UploadRefusedException refused
            && refused.status() == 404 ? "the server at " + url + " has no terminal upload endpoint (is it older than "
            + "this command?); the batch is kept" : "upload stopped, the open batch is resent next time: "
            + report.failure().get().getMessage());
      }
      System.out.println(terminal.offlineStatus().pendingPayments() == 0 ? "nothing pending"
          : "more pending: run upload again");
    }
    return ExitCodes.OK;
  }

  /**
   * Creates the export folder when it is missing, as the CLI does for every file it writes
   * ({@code --png}, {@code --key-out}); a path that exists and is not a folder is a usage error.
   */
  private static void exportFolder(Path folder) throws CliException {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new CliException(ExitCodes.USAGE, "--export-dir " + folder + " is a file, not a folder"
          + " (nothing was exported)");
    }
    try {
      Files.createDirectories(folder);
    } catch (FileSystemException e) {
      throw new CliException(ExitCodes.USAGE, "--export-dir " + folder + ": cannot create the folder ("
          + ErrorHandler.describe(e) + "); nothing was exported");
    } catch (java.io.IOException e) {
      throw new CliException(ExitCodes.USAGE, "--export-dir " + folder + ": cannot create the folder: "
          + e.getMessage() + "; nothing was exported");
    }
  }
}
