package io.aloft.cli.admin;

import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The ledger check: every entry balances and every currency sums to zero. */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Check the double-entry ledger.",
    subcommands = LedgerCommand.Check.class)
final class LedgerCommand {
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Ask the server to verify that every ledger entry balances and every currency sums to zero.")
  static final class Check implements Callable<Integer> {
    @Mixin AdminOptions options;

    @Override
    public Integer call() throws Exception {
      throw new CliException(ExitCodes.SERVER, "the server at " + options.server.url()
          + " has no ledger endpoint yet (settlement is not part of this server)");
    }
  }
}
