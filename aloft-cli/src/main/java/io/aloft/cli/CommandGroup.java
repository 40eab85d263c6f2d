package io.aloft.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups others: run on its own, it prints its usage. */
public abstract class CommandGroup implements Runnable {
  @Spec protected CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
