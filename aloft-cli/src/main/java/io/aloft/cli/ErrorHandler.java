package io.aloft.cli;

import io.aloft.protocol.sqlite.SchemaTooNewException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** One line on stderr for every failure; a stack trace only for bugs, and only with ALOFT_DEBUG set. */
public final class ErrorHandler implements IExecutionExceptionHandler {
  /** Bad usage: the problem and where help is, one line, instead of the whole usage text. */
  static int badUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command.getErr().println("aloft: " + e.getMessage() + " (see '" + command.getCommandSpec().qualifiedName()
        + " --help')");
    return ExitCodes.USAGE;
  }

  /**
   * A file system failure in words: which file and what went wrong. The JDK's message for these is
   * often the file name alone ({@code NoSuchFileException}), which says nothing about the problem.
   */
  public static String describe(java.nio.file.FileSystemException e) {
    String what;
    if (e instanceof java.nio.file.NoSuchFileException) {
      what = "no such file or folder";
    } else if (e instanceof java.nio.file.AccessDeniedException) {
      what = "permission denied";
    } else if (e instanceof java.nio.file.NotDirectoryException) {
      what = "not a folder";
    } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
      what = "already exists";
    } else if (e instanceof java.nio.file.DirectoryNotEmptyException) {
      what = "folder not empty";
    } else {
      what = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }
    return (e.getFile() != null ? e.getFile() + ": " : "") + what
        + (e.getOtherFile() != null ? " (and " + e.getOtherFile() + ")" : "");
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
    if (e instanceof CliException cli) {
      commandLine.getErr().println("aloft: " + cli.getMessage());
      return cli.exitCode();
    }
    if (e instanceof SchemaTooNewException tooNew) {
      // A device folder written by a newer aloft: refused, the file left as it is.
      commandLine.getErr().println("aloft: " + tooNew.getMessage());
      return ExitCodes.REFUSED;
    }
    if (e instanceof IllegalArgumentException) {
      commandLine.getErr().println("aloft: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    if (e instanceof java.nio.file.FileSystemException fileSystem) {
      commandLine.getErr().println("aloft: " + describe(fileSystem));
      return ExitCodes.INPUT;
    }
    if (e instanceof java.io.IOException) {
      commandLine.getErr().println("aloft: " + e.getMessage());
      return ExitCodes.INPUT;
    }
    commandLine.getErr().println("aloft: internal error: " + e);
    if (System.getenv("ALOFT_DEBUG") != null) {
      e.printStackTrace(commandLine.getErr());
    }
    return ExitCodes.INTERNAL;
  }
}
