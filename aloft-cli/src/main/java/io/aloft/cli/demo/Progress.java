package io.aloft.cli.demo;

import java.io.PrintStream;

/** Progress lines for long steps, on stderr so that stdout holds only the report. */
final class Progress {
  private final PrintStream out;
  private final boolean quiet;

  Progress(PrintStream out, boolean quiet) {
    this.out = out;
    this.quiet = quiet;
  }

  void step(String message) {
    if (!quiet) {
      out.println("demo: " + message);
    }
  }

  /** Reports {@code done} of {@code total} every tenth of a loop (at least every 10 items), and at its end. */
  void count(String what, int done, int total) {
    int every = Math.max(10, total / 10);
    if (!quiet && (done % every == 0 || done == total)) {
      out.println("demo:   " + what + " " + done + "/" + total);
    }
  }
}
