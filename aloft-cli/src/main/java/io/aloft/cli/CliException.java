package io.aloft.cli;

/** An expected failure of a command: printed as one line, mapped to an exit code. */
public final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
