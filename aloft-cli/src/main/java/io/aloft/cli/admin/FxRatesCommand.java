package io.aloft.cli.admin;

import static io.aloft.cli.admin.AdminCommand.print;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import io.aloft.protocol.money.FxRate;
import io.aloft.server.config.SettingValues;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The FX rates trust bundles carry: each flight keeps the ones current at its scheduled departure. */
@Command(name = "fx-rates", mixinStandardHelpOptions = true,
    description = {"Show or replace the FX rates.",
        "Each flight's trust bundle carries the rates current at its scheduled departure; a change after "
            + "departure does not move a departed flight."},
    subcommands = {FxRatesCommand.Show.class, FxRatesCommand.Set.class})
final class FxRatesCommand {
  @Command(name = "show", mixinStandardHelpOptions = true, description = "The rates current now.")
  static final class Show implements Callable<Integer> {
    @Mixin AdminOptions options;

    @Override
    public Integer call() throws Exception {
      return print(options, () -> options.api().client().get("/v1/fx-rates"), FxRatesCommand::describe);
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Replace the whole table of rates, from now on.",
          "Each rate is FROM/TO=RATE: units of TO for one unit of FROM, e.g. EUR/CNY=7.8125. None clears them."})
  static final class Set implements Callable<Integer> {
    @Mixin AdminOptions options;
    @Parameters(paramLabel = "FROM/TO=RATE", arity = "0..*") List<String> rates = List.of();

    @Override
    public Integer call() throws Exception {
      List<FxRate> parsed;
      try {
        parsed = SettingValues.fxRates(String.join(",", rates));
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.USAGE, "bad rate: " + e.getMessage());
      }
      List<Map<String, String>> body = parsed.stream().map(r -> Map.of("from", r.from().code(), "to", r.to().code(),
          "rate", r.decimal())).toList();
      return print(options, () -> options.api().client().put("/v1/fx-rates", Map.of("rates", body)),
          FxRatesCommand::describe);
    }
  }

  static String describe(JsonNode answer) {
    if (answer.path("snapshotId").isNull() || answer.path("snapshotId").isMissingNode()) {
      return "no FX rates set";
    }
    StringBuilder text = new StringBuilder("FX rates since " + answer.path("effectiveAt").asText() + " (from "
        + answer.path("source").asText() + "):");
    if (answer.path("rates").isEmpty()) {
      text.append(" none");
    }
    for (JsonNode rate : answer.path("rates")) {
      text.append("\n  1 ").append(rate.path("from").asText()).append(" = ").append(rate.path("rate").asText())
          .append(' ').append(rate.path("to").asText());
    }
    return text.toString();
  }
}
