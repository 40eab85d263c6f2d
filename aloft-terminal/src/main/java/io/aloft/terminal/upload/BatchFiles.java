package io.aloft.terminal.upload;

import io.aloft.protocol.message.TerminalBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a batch to a file, for carrying it off the plane when there is no network at all
 * (USB, the airline's own sync). The file holds the batch's exact signed encoding; its name is
 * {@code terminal-<terminalId>-batch-<batchId>.alb}, so exporting the same open batch twice
 * gives the same file. Outcomes come back later through {@link Uploads#recordOutcomes}.
 */
public final class BatchFiles {
  private BatchFiles() {}

  public static Path fileName(TerminalBatch batch) {
    return Paths.get("terminal-" + batch.terminalId() + "-batch-" + batch.batchId() + ".alb");
  }

  /** Writes atomically (temporary file, fsync, rename) into {@code directory}; returns the file. */
  public static Path write(TerminalBatch batch, Path directory) throws IOException {
    Path target = directory.resolve(fileName(batch));
    Path temporary = directory.resolve(fileName(batch) + ".tmp");
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(batch.encode());
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    return Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public static TerminalBatch read(Path file) throws IOException, io.aloft.protocol.codec.DecodeException {
    long size = Files.size(file);
    if (size > 4L * 1024 * 1024) {
      throw new IOException(file + " is " + size + " bytes, larger than any batch");
    }
    return TerminalBatch.decode(Files.readAllBytes(file));
  }
}
