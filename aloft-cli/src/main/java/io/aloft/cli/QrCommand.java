package io.aloft.cli;

import io.aloft.cli.qr.QrImages;
import io.aloft.cli.qr.QrReadException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Turns any Aloft text into a QR image and back: the glue between devices in a shell flight. */
@Command(
    name = "qr",
    mixinStandardHelpOptions = true,
    description = "Write QR text as a PNG image (and show it), or read the text out of a PNG.",
    subcommands = {QrCommand.Write.class, QrCommand.Read.class})
final class QrCommand extends CommandGroup {

  @Command(name = "write", mixinStandardHelpOptions = true,
      description = "Write TEXT as a QR code PNG and draw it in the terminal.")
  static final class Write implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TEXT", description = "The text to encode, e.g. an AL1… code.")
    String text;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "PNG file to write.")
    Path out;

    @Option(names = "--no-show", description = "Do not draw the code in the terminal.")
    boolean noShow;

    @Override
    public Integer call() throws Exception {
      QrImages.writePng(text, out);
      if (!noShow) {
        System.out.print(QrImages.toTerminalText(text));
      }
      System.out.println("wrote " + out);
      return ExitCodes.OK;
    }
  }

  @Command(name = "read", mixinStandardHelpOptions = true, description = "Print the text of the QR code in FILE.")
  static final class Read implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A PNG image holding one QR code.")
    Path file;

    @Override
    public Integer call() throws Exception {
      try {
        System.out.println(QrImages.readImage(file));
        return ExitCodes.OK;
      } catch (QrReadException e) {
        throw new CliException(ExitCodes.INPUT, e.getMessage());
      } catch (java.nio.file.NoSuchFileException e) {
        throw new CliException(ExitCodes.INPUT, "no such file: " + file);
      }
    }
  }
}
