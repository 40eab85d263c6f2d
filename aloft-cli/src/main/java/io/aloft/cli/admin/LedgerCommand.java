package io.aloft.cli.admin;

import static io.aloft.cli.admin.AdminCommand.print;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.Amounts;
import io.aloft.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The ledger check, settlement reports and cases: what the operator looks at after a flight. */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Check the double-entry ledger.",
    subcommands = LedgerCommand.Check.class)
final class LedgerCommand {
  @Command(name = "report", mixinStandardHelpOptions = true, description = "Settlement reports per flight or airline.",
      subcommands = {LedgerCommand.FlightReport.class, LedgerCommand.AirlineReport.class})
  static final class Report {}

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Verify the double-entry ledger.",
          "Every entry balances per currency and every currency sums to zero; exit 1 when not."})
  static final class Check implements Callable<Integer> {
    @Mixin AdminOptions options;

    @Override
    public Integer call() throws Exception {
      boolean[] balanced = {false};
      print(options, () -> {
        JsonNode check = options.api().client().get("/v1/ledger/check");
        balanced[0] = check.path("balanced").asBoolean(false);
        return check;
      }, LedgerCommand::describe);
      return balanced[0] ? ExitCodes.OK : ExitCodes.REFUSED;
    }
  }

  static String describe(JsonNode check) {
    StringBuilder text = new StringBuilder(check.path("balanced").asBoolean() ? "ledger balanced" : "LEDGER NOT BALANCED");
    text.append(": ").append(check.path("entries").asLong()).append(" entries, ")
        .append(check.path("postings").asLong()).append(" postings");
    for (JsonNode currency : check.path("currencies")) {
      text.append("; ").append(currency.path("currency").asText()).append(" debits ")
          .append(Amounts.format(currency.path("debitsMinor").asLong(), currency.path("currency").asText()))
          .append(", sum ").append(currency.path("sumMinor").asLong());
    }
    for (String problem : new String[] {"unbalancedEntries", "emptyEntries", "danglingPostings", "accountsOutOfStep",
        "payerBalancesOutOfStep", "writtenOffOutOfStep", "settlementsOutOfStep", "payoutsOutOfStep"}) {
      if (check.path(problem).asLong() != 0) {
        text.append("; ").append(problem).append(' ').append(check.path(problem).asLong());
      }
    }
    return text.toString();
  }

  static String totals(JsonNode totals) {
    StringBuilder text = new StringBuilder();
    for (JsonNode t : totals) {
      String currency = t.path("currency").asText();
      text.append("\n  ").append(currency).append(": ").append(t.path("payments").asLong()).append(" payments, sales ")
          .append(Amounts.format(t.path("salesMinor").asLong(), currency)).append(", refunds ")
          .append(Amounts.format(t.path("refundsMinor").asLong(), currency)).append(", fees ")
          .append(Amounts.format(t.path("feesMinor").asLong(), currency)).append(", net payable ")
          .append(Amounts.format(t.path("netPayableMinor").asLong(), currency));
    }
    return text.toString();
  }

  @Command(name = "flight", mixinStandardHelpOptions = true,
      description = "A flight's settlement report: totals, and with --json every payment, rejection and case.")
  static final class FlightReport implements Callable<Integer> {
    @Mixin AdminOptions options;
    @Parameters(paramLabel = "FLIGHT_ID") long flightId;

    @Override
    public Integer call() throws Exception {
      return print(options, () -> options.api().client().get("/v1/flights/" + flightId + "/settlement-report"),
          r -> "flight " + flightId + ": " + r.path("payments").size() + " payments, " + r.path("rejections").size()
              + " rejections, " + r.path("cases").size() + " cases" + totals(r.path("totals")));
    }
  }

  @Command(name = "airline", mixinStandardHelpOptions = true, description = "An airline's settlement report, per flight.")
  static final class AirlineReport implements Callable<Integer> {
    @Mixin AdminOptions options;
    @Parameters(paramLabel = "AIRLINE_ID") long airlineId;

    @Override
    public Integer call() throws Exception {
      return print(options, () -> options.api().client().get("/v1/airlines/" + airlineId + "/settlement-report"),
          r -> "airline " + airlineId + ": " + r.path("flights").size() + " flights" + totals(r.path("totals")));
    }
  }

  @Command(name = "cases", mixinStandardHelpOptions = true,
      description = {"Cases for the operator: double spends, replays, disputes; newest first, a page at a time.",
          "When older cases follow, the last line gives the option that shows the next page."})
  static final class Cases implements Callable<Integer> {
    @Mixin AdminOptions options;
    @Option(names = "--limit", paramLabel = "N", description = "Cases on the page, 1 to 100 (the server's default: 25).")
    Integer limit;
    @Option(names = "--starting-after", paramLabel = "CASE_ID",
        description = "Show the cases older than this one (the last case of the previous page).")
    Long startingAfter;

    @Override
    public Integer call() throws Exception {
      return print(options, () -> options.api().client().get(Pages.path("/v1/cases", limit, startingAfter)), r -> {
        StringBuilder text = new StringBuilder(r.path("data").size() + " cases");
        for (JsonNode c : r.path("data")) {
          text.append("\n  #").append(c.path("id").asLong()).append(' ').append(c.path("kind").asText()).append(' ')
              .append(c.path("status").asText()).append(" payment ").append(c.path("paymentId").asText())
              .append(": ").append(c.path("detail").asText());
        }
        return text.append(Pages.more(r)).toString();
      });
    }
  }
}
