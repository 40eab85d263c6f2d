package io.aloft.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.Amounts;
import io.aloft.cli.CliException;
import io.aloft.cli.CommandGroup;
import io.aloft.cli.Durations;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.Printer;
import io.aloft.cli.Secrets;
import io.aloft.cli.http.ApiException;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.money.Money;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The operator's commands: airlines, flights, terminals, accounts, revocation, the ledger check. */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = {"Operator commands: airlines, flights, terminals, catalogues, accounts, revocation, ledger, "
        + "FX rates.",
            "The admin key comes from --admin-key-file, env ALOFT_ADMIN_KEY, or ./aloft-data/admin-key."},
    subcommands = {AdminCommand.Airline.class, AdminCommand.Flight.class, AdminCommand.TerminalCmd.class,
        AccountCommand.class, AdminCommand.Credential.class, CatalogueCommand.class, LedgerCommand.class,
        LedgerCommand.Report.class, LedgerCommand.Cases.class, FxRatesCommand.class})
public final class AdminCommand extends CommandGroup {

  /** Runs one call and prints it: the server's JSON with --json, else the sentence. */
  interface Call {
    JsonNode run() throws ApiException, CliException, IOException;
  }

  static int print(AdminOptions options, Call call, java.util.function.Function<JsonNode, String> sentence)
      throws CliException, IOException {
    JsonNode answer;
    try {
      answer = call.run();
    } catch (ApiException e) {
      throw e.toCliException();
    }
    if (options.json) {
      Printer.json(answer, System.out);
    } else {
      System.out.println(sentence.apply(answer));
    }
    return ExitCodes.OK;
  }

  @Command(name = "airline", mixinStandardHelpOptions = true,
      description = "Create an airline (a merchant), enrol its terminals, rotate or revoke its keys.",
      subcommands = {Airline.Create.class, Airline.RegistrationCode.class, Airline.RotateKey.class,
          Airline.RevokeKeys.class})
  static final class Airline {
    @Command(name = "registration-code", mixinStandardHelpOptions = true,
        description = {"Create a one-time code that enrols one crew terminal of the airline.",
            "Give it to 'aloft terminal init --registration-code-file FILE'; it expires unused after --valid."})
    static final class RegistrationCode implements Callable<Integer> {
      @Mixin AdminOptions options;
      @Option(names = "--airline", required = true, paramLabel = "ID") long airlineId;
      @Option(names = "--valid", paramLabel = "DURATION", defaultValue = "24h", converter = Durations.class,
          description = "How long it may be used, 1m to 7d (default: ${DEFAULT-VALUE}).") Duration valid;
      @Option(names = "--code-out", paramLabel = "FILE",
          description = "Write the code to FILE (mode 600) instead of printing it.") Path codeOut;

      @Override
      public Integer call() throws Exception {
        return print(options, () -> {
          JsonNode created = options.api().registrationCode(airlineId, valid.toMinutes());
          if (codeOut != null) {
            Secrets.writePrivate(codeOut, created.get("registrationCode").asText());
          }
          return created;
        }, c -> "registration code for airline " + airlineId + " " + (codeOut != null ? "written to " + codeOut
            : c.get("registrationCode").asText()) + "; enrols one terminal until " + c.get("expiresAt").asText());
      }
    }

    @Command(name = "rotate-key", mixinStandardHelpOptions = true,
        description = "Issue a new merchant key for the airline; every earlier key is refused from now on.")
    static final class RotateKey implements Callable<Integer> {
      @Mixin AdminOptions options;
      @Option(names = "--airline", required = true, paramLabel = "ID") long airlineId;
      @Option(names = "--key-out", paramLabel = "FILE",
          description = "Write the new merchant key to FILE (mode 600) instead of printing it.") Path keyOut;

      @Override
      public Integer call() throws Exception {
        return print(options, () -> {
          JsonNode rotated = options.api().rotateMerchantKey(airlineId);
          if (keyOut != null) {
            Secrets.writePrivate(keyOut, rotated.get("merchantApiKey").asText());
          }
          return rotated;
        }, r -> "airline " + airlineId + ": new merchant key " + (keyOut != null ? "written to " + keyOut
            : r.get("merchantApiKey").asText()) + "; " + r.get("revokedKeys").asInt() + " earlier revoked");
      }
    }

    @Command(name = "revoke-keys", mixinStandardHelpOptions = true,
        description = {"Revoke every merchant key and unused registration code of the airline.",
            "Its enrolled terminals keep working (they sign with their own keys); 'rotate-key' issues a new key."})
    static final class RevokeKeys implements Callable<Integer> {
      @Mixin AdminOptions options;
      @Option(names = "--airline", required = true, paramLabel = "ID") long airlineId;

      @Override
      public Integer call() throws Exception {
        return print(options, () -> options.api().revokeMerchantKeys(airlineId),
            r -> "airline " + airlineId + ": " + r.get("revokedKeys").asInt() + " key(s) and code(s) revoked");
      }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create an airline; prints its id and its merchant API key (shown once).")
    static final class Create implements Callable<Integer> {
      @Mixin AdminOptions options;
      @Option(names = "--code", required = true, description = "2-3 capitals/digits, unique (e.g. 9C).") String code;
      @Option(names = "--name", required = true, description = "Airline name.") String name;
      @Option(names = "--currency", defaultValue = "CNY", description = "Settlement currency (default: ${DEFAULT-VALUE}).")
      String currency;
      @Option(names = "--key-out", paramLabel = "FILE",
          description = "Write the merchant API key to FILE (mode 600, in a folder of mode 700) instead of printing it.") Path keyOut;

      @Override
      public Integer call() throws Exception {
        if (keyOut != null) {
          // Refused before the server shows the secret, which it does only once.
          Secrets.privateFolder(keyOut.toAbsolutePath().getParent());
        }
        return print(options, () -> {
          JsonNode created = options.api().createAirline(code, name, currency);
          if (keyOut != null) {
            Secrets.writePrivate(keyOut, created.get("merchantApiKey").asText());
          }
          return created;
        }, created -> "airline " + created.at("/airline/id").asLong() + " (" + code + ") created; merchant key "
            + (keyOut != null ? "written to " + keyOut : created.get("merchantApiKey").asText()));
      }
    }
  }

  @Command(name = "flight", mixinStandardHelpOptions = true, description = "Create or show a flight.",
      subcommands = {Flight.Create.class, Flight.Show.class})
  static final class Flight {
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Schedule a flight of an airline.")
    static final class Create implements Callable<Integer> {
      @Mixin AdminOptions options;
      @Option(names = "--airline", required = true, paramLabel = "ID") long airlineId;
      @Option(names = "--number", required = true, description = "Flight number: 1-4 digits and an optional letter.")
      String number;
      @Option(names = "--departs", paramLabel = "INSTANT", description = "Scheduled departure, e.g. 2026-12-01T08:30:00Z.")
      Instant departs;
      @Option(names = "--departs-in", paramLabel = "DURATION", defaultValue = "2h", converter = Durations.class,
          description = "Departure from now when --departs is not given (default: ${DEFAULT-VALUE}).")
      Duration departsIn;
      @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "3h", converter = Durations.class,
          description = "Scheduled flight time (default: ${DEFAULT-VALUE}).")
      Duration duration;
      @Option(names = "--one-scan-window", paramLabel = "DURATION", converter = Durations.class,
          description = "How long a one-scan code stays good after it is made, 10s to 1h (default: 120s).")
      Duration oneScanWindow;
      @Option(names = "--max-one-scan", paramLabel = "CURRENCY:AMOUNT",
          description = "The largest one-scan payment for passengers paying from CURRENCY, e.g. CNY:200.00; "
              + "larger amounts need the handshake. Repeat for more currencies (default: no cap).")
      List<String> maxOneScan = List.of();

      @Override
      public Integer call() throws Exception {
        Instant departure = departs != null ? departs : Instant.now().plus(departsIn).truncatedTo(ChronoUnit.MINUTES);
        Map<String, Object> oneScan = new LinkedHashMap<>();
        if (oneScanWindow != null) {
          oneScan.put("oneScanWindowSeconds", oneScanWindow.toSeconds());
        }
        List<Map<String, Object>> limits = new ArrayList<>();
        for (String limit : maxOneScan) {
          String[] parts = limit.split(":", 2);
          if (parts.length != 2) {
            throw new CliException(ExitCodes.USAGE, "bad --max-one-scan '" + limit + "': expected CURRENCY:AMOUNT, e.g. CNY:200.00");
          }
          Money max = Amounts.money(parts[1], Amounts.currency(parts[0]));
          limits.add(Map.of("amountMinor", max.amountMinor(), "currency", max.currency().code()));
        }
        if (!limits.isEmpty()) {
          oneScan.put("oneScanMaxAmounts", limits);
        }
        return print(options, () -> options.api().createFlight(airlineId, number, departure, departure.plus(duration),
                oneScan),
            f -> "flight " + f.get("id").asLong() + " (" + f.get("flightCode").asText() + ") departs "
                + f.get("scheduledDeparture").asText() + ", arrives " + f.get("scheduledArrival").asText()
                + "; one-scan codes good for " + f.get("oneScanWindowSeconds").asLong() + " s"
                + maxOneScanText(f.get("oneScanMaxAmounts")));
      }

      private static String maxOneScanText(JsonNode limits) {
        StringBuilder text = new StringBuilder();
        for (JsonNode limit : limits == null ? List.<JsonNode>of() : limits) {
          text.append(text.length() == 0 ? ", at most " : ", ").append(Money.of(limit.get("amountMinor").asLong(),
              limit.get("currency").asText()));
        }
        return text.toString();
      }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a flight.")
    static final class Show implements Callable<Integer> {
      @Mixin AdminOptions options;
      @Parameters(paramLabel = "FLIGHT_ID") long flightId;

      @Override
      public Integer call() throws Exception {
        return print(options, () -> options.api().flight(flightId),
            f -> "flight " + f.get("id").asLong() + " (" + f.get("flightCode").asText() + ") departs "
                + f.get("scheduledDeparture").asText() + ", arrives " + f.get("scheduledArrival").asText());
      }
    }
  }

  @Command(name = "terminal", mixinStandardHelpOptions = true,
      description = {"Register or revoke a crew terminal.",
            "'aloft terminal init' enrols itself with a registration code or the airline's merchant key; this is "
                + "the operator's way to do it for a key made elsewhere."},
      subcommands = {TerminalCmd.Register.class, TerminalCmd.Revoke.class})
  static final class TerminalCmd {
    @Command(name = "register", mixinStandardHelpOptions = true, description = "Certify a terminal's Ed25519 public key.")
    static final class Register implements Callable<Integer> {
      @Mixin AdminOptions options;
      @Option(names = "--airline", required = true, paramLabel = "ID") long airlineId;
      @Option(names = "--public-key", required = true, paramLabel = "BASE64", description = "32-byte Ed25519 key.")
      String publicKey;
      @Option(names = "--name", required = true, description = "Display name (at most 48 bytes).") String name;

      @Override
      public Integer call() throws Exception {
        VerificationKey key;
        try {
          key = new VerificationKey(SignatureAlgorithm.ED25519, Bytes.of(Base64.getDecoder().decode(publicKey)));
        } catch (IllegalArgumentException e) {
          throw new CliException(ExitCodes.USAGE, "--public-key must be a base64 32-byte Ed25519 key: " + e.getMessage());
        }
        return print(options, () -> options.api().registerTerminal(airlineId, key, name),
            r -> "terminal " + r.at("/terminal/id").asLong() + " registered, certificate valid until "
                + r.get("validUntil").asText());
      }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Withdraw a terminal; bundles fetched afterwards list it as revoked.")
    static final class Revoke implements Callable<Integer> {
      @Mixin AdminOptions options;
      @Parameters(paramLabel = "TERMINAL_ID") long terminalId;

      @Override
      public Integer call() throws Exception {
        return print(options, () -> options.api().revokeTerminal(terminalId), r -> "terminal " + terminalId + " revoked");
      }
    }
  }

  @Command(name = "credential", mixinStandardHelpOptions = true, description = "Revoke an offline credential.",
      subcommands = Credential.Revoke.class)
  static final class Credential {
    @Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a credential by its serial (16 hex digits); bundles fetched afterwards refuse it.")
    static final class Revoke implements Callable<Integer> {
      @Mixin AdminOptions options;
      @Parameters(paramLabel = "SERIAL") String serial;

      @Override
      public Integer call() throws Exception {
        return print(options, () -> options.api().revokeCredential(serial), r -> "credential " + serial + " revoked");
      }
    }
  }
}
