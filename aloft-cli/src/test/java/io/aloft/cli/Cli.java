package io.aloft.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the {@code aloft} command in-process, as a shell would, and captures what it prints. */
public final class Cli {
  private static final Object CONSOLE = new Object();

  public record Result(int exitCode, String out, String err) {
    /** The last line of stdout: where every command that makes a code prints its text. */
    public String lastLine() {
      List<String> lines = out.strip().lines().toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Cli() {}

  public static Result run(String... args) {
    synchronized (CONSOLE) {
      PrintStream out = System.out;
      PrintStream err = System.err;
      ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
      ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
      try {
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        int exit = Aloft.run(args);
        return new Result(exit, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
    }
  }
}
