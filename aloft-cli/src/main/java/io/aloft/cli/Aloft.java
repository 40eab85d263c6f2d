package io.aloft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code aloft} command. Every subcommand has {@code --help}; errors are one clear line on
 * stderr and a documented exit code.
 */
@Command(
    name = "aloft",
    mixinStandardHelpOptions = true,
    version = "aloft 0.1.0",
    description = "Offline payments: pay where there is no network, settle exactly once on landing.",
    subcommands = {ServeCommand.class, io.aloft.cli.demo.DemoCommand.class, io.aloft.cli.admin.AdminCommand.class,
        io.aloft.cli.wallet.WalletCommand.class, io.aloft.cli.terminal.TerminalCommand.class, QrCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:the operation was refused (a payment rejected, a check failed); the reason is printed",
        "2:bad usage: unknown option, missing argument, malformed value",
        "3:input could not be read (file missing, not a QR image, not an Aloft code)",
        "4:the server could not be reached or answered with an error",
        "70:internal error (a bug: please report it with the printed message)"})
public final class Aloft extends CommandGroup {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; used by tests and by {@link #main}. */
  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new Aloft());
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    commandLine.setParameterExceptionHandler(ErrorHandler::badUsage);
    return commandLine.execute(args);
  }
}
