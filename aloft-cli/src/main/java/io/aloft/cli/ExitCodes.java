package io.aloft.cli;

/** The exit codes listed in {@code aloft --help}. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int REFUSED = 1;
  public static final int USAGE = 2;
  public static final int INPUT = 3;
  public static final int SERVER = 4;
  public static final int INTERNAL = 70;

  private ExitCodes() {}
}
