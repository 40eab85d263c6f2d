package io.aloft.cli.terminal;

import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.ServerOption;
import io.aloft.cli.device.Profiles;
import io.aloft.cli.http.ApiException;
import io.aloft.cli.http.IssuerApi;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.Terminal;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Before departure, online: fetch and install the flight's trust bundle. */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = "Fetch and install the flight's trust bundle (online, before departure).")
final class TerminalSync implements Callable<Integer> {
  @ParentCommand TerminalCommand parent;
  @Mixin ServerOption server;

  @Option(names = "--flight", paramLabel = "ID", description = "The flight to sell on (default: the one synced last).")
  Long flightId;

  @Override
  public Integer call() throws Exception {
    TerminalProfile profile = parent.profile();
    long flight = flightId != null ? flightId
        : Optional.ofNullable(profile.flightId()).orElseThrow(() -> TerminalCommand.noFlight(parent.dir()));
    return sync(parent, profile, flight, server);
  }

  static int sync(TerminalCommand parent, TerminalProfile profile, long flight, ServerOption server)
      throws Exception {
    byte[] bundle;
    String departure;
    IssuerApi api = parent.api(profile, server);
    try {
      bundle = api.trustBundle(flight);
      departure = api.client().get("/v1/flights/" + flight).path("scheduledDeparture").asText(null);
    } catch (ApiException e) {
      throw e.toCliException();
    }
    try (Terminal terminal = parent.open(profile)) {
      api.client().lastIssuerTime().ifPresent(terminal::recordIssuerTime);
      Verdict<TrustBundle> installed = terminal.installBundle(bundle);
      if (installed instanceof Verdict.Rejected<TrustBundle> refused) {
        throw new CliException(ExitCodes.REFUSED, "bundle refused: " + refused.reason() + ": "
            + refused.reason().message() + " (" + refused.detail() + ")");
      }
      TrustBundle b = installed.value();
      Profiles.write(parent.dir().resolve(TerminalProfile.FILE), profile.withFlight(flight, departure));
      System.out.println("installed trust bundle v" + b.bundleVersion() + " for flight " + b.flightCode()
          + ": " + b.terminals().size() + " terminals, " + b.manifest().size() + " passengers enrolled, "
          + b.revokedCredentials().size() + " revoked; expires " + b.expiresAt());
    }
    return ExitCodes.OK;
  }
}
