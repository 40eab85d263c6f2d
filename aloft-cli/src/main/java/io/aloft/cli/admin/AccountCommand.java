package io.aloft.cli.admin;

import static io.aloft.cli.admin.AdminCommand.print;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.Amounts;
import io.aloft.cli.Secrets;
import io.aloft.protocol.money.Money;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Passenger accounts: create (with a score and a balance), show, top up, set the score or status. */
@Command(name = "account", mixinStandardHelpOptions = true, description = "Passenger accounts.",
    subcommands = {AccountCommand.Create.class, AccountCommand.Show.class, AccountCommand.TopUp.class,
        AccountCommand.Score.class, AccountCommand.Status.class, AccountCommand.RotateToken.class,
        AccountCommand.RevokeToken.class})
final class AccountCommand {
  static String describe(JsonNode account) {
    JsonNode score = account.get("score");
    return "account " + account.get("id").asLong() + " " + account.get("displayName").asText() + ": "
        + account.get("status").asText() + ", balance " + Amounts.format(account.at("/balance/amountMinor").asLong(),
            account.at("/balance/currency").asText())
        + ", score " + score.get("value").asInt() + " (" + (score.get("meetsThreshold").asBoolean() ? "eligible"
            : "below " + score.get("thresholdScore").asInt() + ", not eligible") + ")"
        + (account.path("arrears").path("amountMinor").asLong(0) > 0 ? ", arrears " + Amounts.format(
            account.at("/arrears/amountMinor").asLong(), account.at("/arrears/currency").asText()) : "")
        + (account.hasNonNull("notice") ? "\n  " + account.get("notice").asText() : "");
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Open a passenger account; prints its id and its wallet token (shown once).")
  static final class Create implements Callable<Integer> {
    @Mixin AdminOptions options;
    @Option(names = "--name", required = true, description = "Display name.") String name;
    @Option(names = "--score", description = "Payment score 300..850 (default: the server's score provider).")
    Integer score;
    @Option(names = "--balance", defaultValue = "0", description = "Opening balance in major units (default: ${DEFAULT-VALUE}).")
    String balance;
    @Option(names = "--currency", defaultValue = "CNY", description = "Account currency (default: ${DEFAULT-VALUE}).")
    String currency;
    @Option(names = "--identity-level", defaultValue = "2", description = "0..3, how well the identity is verified (default: ${DEFAULT-VALUE}).")
    int identityLevel;
    @Option(names = "--token-out", paramLabel = "FILE",
        description = "Write the wallet token to FILE (mode 600, in a folder of mode 700) instead of printing it.") Path tokenOut;

    @Override
    public Integer call() throws Exception {
      Money opening = Amounts.money(balance, Amounts.currency(currency));
      if (tokenOut != null) {
        // Refused before the server shows the secret, which it does only once.
        Secrets.privateFolder(tokenOut.toAbsolutePath().getParent());
      }
      return print(options, () -> {
        JsonNode created = options.api().createAccount(name, identityLevel, opening.currency().code(),
            opening.amountMinor(), score);
        if (tokenOut != null) {
          Secrets.writePrivate(tokenOut, created.get("walletToken").asText());
        }
        return created;
      }, created -> describe(created.get("account")) + "; wallet token "
          + (tokenOut != null ? "written to " + tokenOut : created.get("walletToken").asText()));
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an account: status, balance, score.")
  static final class Show implements Callable<Integer> {
    @Mixin AdminOptions options;
    @Parameters(paramLabel = "ACCOUNT_ID") long accountId;

    @Override
    public Integer call() throws Exception {
      return print(options, () -> options.api().account(accountId), AccountCommand::describe);
    }
  }

  @Command(name = "top-up", mixinStandardHelpOptions = true, description = "Add funds, in the account's currency.")
  static final class TopUp implements Callable<Integer> {
    @Mixin AdminOptions options;
    @Parameters(index = "0", paramLabel = "ACCOUNT_ID") long accountId;
    @Parameters(index = "1", paramLabel = "AMOUNT", description = "In major units, e.g. 200.00.") String amount;

    @Override
    public Integer call() throws Exception {
      return print(options, () -> {
        String currency = options.api().account(accountId).at("/balance/currency").asText();
        Money money = Amounts.money(amount, Amounts.currency(currency));
        return options.api().topUp(accountId, money.amountMinor(), currency);
      }, AccountCommand::describe);
    }
  }

  @Command(name = "score", mixinStandardHelpOptions = true, description = "Set the operator's score (300..850).")
  static final class Score implements Callable<Integer> {
    @Mixin AdminOptions options;
    @Parameters(index = "0", paramLabel = "ACCOUNT_ID") long accountId;
    @Parameters(index = "1", paramLabel = "SCORE") int score;

    @Override
    public Integer call() throws Exception {
      return print(options, () -> options.api().setScore(accountId, score), AccountCommand::describe);
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Set the status: active, suspended or in_arrears.")
  static final class Status implements Callable<Integer> {
    @Mixin AdminOptions options;
    @Parameters(index = "0", paramLabel = "ACCOUNT_ID") long accountId;
    @Parameters(index = "1", paramLabel = "STATUS") String status;

    @Override
    public Integer call() throws Exception {
      return print(options, () -> options.api().setStatus(accountId, status), AccountCommand::describe);
    }
  }

  @Command(name = "rotate-token", mixinStandardHelpOptions = true,
      description = "Issue a new wallet token for the account; every earlier token is refused from now on.")
  static final class RotateToken implements Callable<Integer> {
    @Mixin AdminOptions options;
    @Parameters(paramLabel = "ACCOUNT_ID") long accountId;
    @Option(names = "--token-out", paramLabel = "FILE",
        description = "Write the new wallet token to FILE (mode 600) instead of printing it.") Path tokenOut;

    @Override
    public Integer call() throws Exception {
      return print(options, () -> {
        JsonNode rotated = options.api().rotateWalletToken(accountId);
        if (tokenOut != null) {
          Secrets.writePrivate(tokenOut, rotated.get("walletToken").asText());
        }
        return rotated;
      }, r -> "account " + accountId + ": new wallet token " + (tokenOut != null ? "written to " + tokenOut
          : r.get("walletToken").asText()) + "; " + r.get("revokedTokens").asInt() + " earlier revoked");
    }
  }

  @Command(name = "revoke-token", mixinStandardHelpOptions = true,
      description = "Revoke every wallet token of the account (a lost phone); refused from now on.")
  static final class RevokeToken implements Callable<Integer> {
    @Mixin AdminOptions options;
    @Parameters(paramLabel = "ACCOUNT_ID") long accountId;

    @Override
    public Integer call() throws Exception {
      return print(options, () -> options.api().revokeWalletTokens(accountId),
          r -> "account " + accountId + ": " + r.get("revokedTokens").asInt() + " wallet token(s) revoked");
    }
  }
}
