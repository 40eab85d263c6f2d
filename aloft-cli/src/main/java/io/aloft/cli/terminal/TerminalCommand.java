package io.aloft.cli.terminal;

import io.aloft.cli.CliException;
import io.aloft.cli.CommandGroup;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.ServerOption;
import io.aloft.cli.device.IssuerKeyView;
import io.aloft.cli.device.Profiles;
import io.aloft.cli.http.ApiClient;
import io.aloft.cli.http.IssuerApi;
import io.aloft.protocol.client.RequestAuthorizer;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.TerminalConfig;
import io.aloft.terminal.keys.FileKeyProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A crew terminal whose state lives in one folder: key, journal, bundle, settings. */
@Command(name = "terminal", mixinStandardHelpOptions = true,
    description = {"A crew terminal kept in a folder: set up, sync, sell offline, upload.",
            "Set it up and fetch its trust bundle while online, then sell offline: show payment requests, "
                + "accept scanned codes, refund, share what was accepted with the other carts (cabin); "
                + "upload after landing."},
    subcommands = {TerminalInit.class, TerminalSync.class, TerminalSale.Request.class, TerminalSale.Accept.class,
        TerminalSale.Refund.class, TerminalStatus.class, TerminalUpload.class, TerminalStatus.VerifyJournal.class,
        TerminalCabin.class, TerminalApp.class})
public final class TerminalCommand extends CommandGroup {

  @Option(names = {"-d", "--dir"}, paramLabel = "DIR", defaultValue = "aloft-terminal", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "The terminal's folder (default: ./${DEFAULT-VALUE}).")
  Path dir;

  Path dir() {
    return dir;
  }

  TerminalProfile profile() throws CliException {
    TerminalProfile profile = Profiles.read(dir, TerminalProfile.FILE, TerminalProfile.class, spec);
    dropAirlineSecret(profile);
    return profile;
  }

  /** Rewrites a profile that still holds the airline's merchant key (an older set-up) without it. */
  private void dropAirlineSecret(TerminalProfile profile) throws CliException {
    Path file = dir.resolve(TerminalProfile.FILE);
    try {
      if (Files.readString(file).contains("\"merchantKey\"")) {
        Profiles.write(file, profile);
        System.err.println("removed the airline's merchant key from " + file + ": this terminal signs with its own key");
      }
    } catch (IOException e) {
      throw new CliException(ExitCodes.INPUT, "cannot rewrite " + file + ": " + e.getMessage());
    }
  }

  /**
   * The SDK terminal over this folder, on the system clock; refused (exit 1) when its stored trust
   * bundle does not pass the pinned issuer keys and the bundle record (an edited terminal.db).
   */
  Terminal open(TerminalProfile profile) throws CliException {
    try {
      return Terminal.openInDirectory(dir, TerminalConfig.of(profile.terminalId(),
          IssuerKeyView.toKeys(profile.issuerKeys())), Clock.systemUTC(), new SecureRandom());
    } catch (IllegalStateException refused) {
      throw new CliException(ExitCodes.REFUSED, refused.getMessage());
    }
  }

  /** The server as this terminal, at the URL given now or the one it was set up with. */
  IssuerApi api(TerminalProfile profile, ServerOption server) throws CliException {
    return new IssuerApi(new ApiClient(server.urlOr(profile.server()), signer(profile), server.transport()));
  }

  /** Signs each request with the terminal's own key ({@code terminal.key} in the folder). */
  RequestAuthorizer signer(TerminalProfile profile) {
    SecureRandom random = new SecureRandom();
    return RequestAuthorizer.terminal(FileKeyProvider.openOrCreate(dir.resolve("terminal.key"), random).terminalKey(),
        profile.terminalId(), Clock.systemUTC(), random);
  }

  static CliException noFlight(Path dir) {
    return new CliException(ExitCodes.USAGE, "no flight chosen yet: run 'aloft terminal --dir " + dir + " sync --flight ID'");
  }
}
