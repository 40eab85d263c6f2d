package io.aloft.cli.qr;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command shows a code it makes: the text always (last line of its output, so a script can
 * take it with {@code tail -1}), a PNG with {@code --png FILE}, the code drawn in the terminal
 * with {@code --show}.
 */
public final class QrOutput {
  @Option(names = "--png", paramLabel = "FILE", description = "Also write the code as a QR image (PNG).")
  Path png;

  @Option(names = "--show", description = "Also draw the code in the terminal, for a phone to scan.")
  boolean show;

  public void emit(String label, String qrText, PrintStream out) throws IOException {
    if (png != null) {
      QrImages.writePng(qrText, png);
      out.println(label + " image: " + png);
    }
    if (show) {
      out.print(QrImages.toTerminalText(qrText));
    }
    out.println(qrText);
  }

  public boolean writesPng() {
    return png != null;
  }
}
