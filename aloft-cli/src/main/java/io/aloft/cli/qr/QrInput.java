package io.aloft.cli.qr;

import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import io.aloft.protocol.qr.QrText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A scanned code as a command reads it: the Aloft text itself ({@code AL1…}), a file holding a QR
 * image (PNG) or the text, or {@code -} for standard input.
 */
public final class QrInput {
  /** Aloft QR text is at most this long; a text file beyond this is not one code. */
  private static final int MAX_TEXT_BYTES = QrText.MAX_LENGTH + 16;

  private QrInput() {}

  /** The kind of message a code's text carries (a receipt, a refund note, ...), if it names a known one. */
  public static java.util.Optional<io.aloft.protocol.message.MessageType> messageType(String text)
      throws io.aloft.protocol.codec.DecodeException {
    byte[] bytes = QrText.decode(text);
    return bytes.length < 2 ? java.util.Optional.empty()
        : io.aloft.protocol.message.MessageType.fromWireId(bytes[1] & 0xFF);
  }

  public static String read(String argument) throws CliException {
    if (argument == null || argument.isBlank()) {
      throw new CliException(ExitCodes.USAGE, "expected a code: AL1… text, a PNG file, or - for standard input");
    }
    String trimmed = argument.strip();
    if (trimmed.startsWith(QrText.PREFIX)) {
      return trimmed;
    }
    if (trimmed.equals("-")) {
      return readStdin();
    }
    return readFile(Path.of(trimmed));
  }

  private static String readStdin() throws CliException {
    try {
      InputStream in = System.in;
      byte[] bytes = in.readNBytes(MAX_TEXT_BYTES + 1);
      if (bytes.length > MAX_TEXT_BYTES) {
        throw new CliException(ExitCodes.INPUT, "standard input is longer than any Aloft code");
      }
      return new String(bytes, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new CliException(ExitCodes.INPUT, "cannot read standard input: " + e.getMessage());
    }
  }

  private static String readFile(Path file) throws CliException {
    try {
      byte[] head = new byte[8];
      try (InputStream in = Files.newInputStream(file)) {
        int read = in.readNBytes(head, 0, head.length);
        String start = new String(head, 0, read, StandardCharsets.US_ASCII);
        if (start.startsWith(QrText.PREFIX)) {
          if (Files.size(file) > MAX_TEXT_BYTES) {
            throw new CliException(ExitCodes.INPUT, file + " is longer than any Aloft code");
          }
          return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
      }
      return QrImages.readImage(file);
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCodes.INPUT, "no such file: " + file + " (expected AL1… text or a PNG image)");
    } catch (QrReadException e) {
      throw new CliException(ExitCodes.INPUT, e.getMessage());
    } catch (IOException e) {
      throw new CliException(ExitCodes.INPUT, "cannot read " + file + ": " + e.getMessage());
    }
  }
}
