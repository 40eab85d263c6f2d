package io.aloft.cli.qr;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** zbarimg, the independent QR decoder the PNG tests cross-check with (Debian zbar-tools). */
public final class Zbar {
  private Zbar() {}

  public static boolean installed() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "zbarimg"))) {
        return true;
      }
    }
    return false;
  }

  /** The text zbarimg reads from {@code png}; fails the test if it reads none. */
  public static String decode(Path png) throws Exception {
    // zbarimg may complain on stderr about D-Bus on a headless machine; only stdout is the code.
    Process zbar = new ProcessBuilder("zbarimg", "--quiet", "--raw", png.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!zbar.waitFor(30, TimeUnit.SECONDS)) {
      zbar.destroyForcibly();
      throw new AssertionError("zbarimg did not finish on " + png);
    }
    String out = new String(zbar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (zbar.exitValue() != 0) {
      throw new AssertionError("zbarimg could not read " + png + ": exit " + zbar.exitValue());
    }
    return out.strip();
  }
}
