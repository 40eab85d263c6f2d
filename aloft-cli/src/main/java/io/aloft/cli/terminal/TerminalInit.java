package io.aloft.cli.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.Secrets;
import io.aloft.cli.ServerOption;
import io.aloft.cli.device.IssuerKeyView;
import io.aloft.cli.device.IssuerPinning;
import io.aloft.cli.device.Profiles;
import io.aloft.cli.http.ApiClient;
import io.aloft.cli.http.ApiException;
import io.aloft.cli.http.IssuerApi;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.keys.FileKeyProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Makes the terminal's key and enrols it with the server, once, under a one-time registration
 * code or the airline's merchant key. The secret is used for this one request and never stored:
 * from then on the terminal signs its requests with its own key.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = {"Create the terminal's key and enrol it with the server (online).",
        "Enrols once with a one-time registration code (--registration-code-file or env ALOFT_REGISTRATION_CODE, "
            + "from 'aloft admin airline registration-code') or the airline's merchant key (--merchant-key-file or "
            + "env ALOFT_MERCHANT_KEY). Neither is stored: afterwards the terminal signs with its own key."})
final class TerminalInit implements Callable<Integer> {
  @ParentCommand TerminalCommand parent;
  @Mixin ServerOption server;

  @Option(names = "--registration-code-file", paramLabel = "FILE",
      description = "File holding a one-time registration code of the airline.")
  Path registrationCodeFile;

  @Option(names = "--merchant-key-file", paramLabel = "FILE", description = "File holding the airline's merchant API key.")
  Path merchantKeyFile;

  @Option(names = "--name", defaultValue = "Crew terminal", description = "Display name (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--flight", paramLabel = "ID", description = "Also fetch this flight's trust bundle (as 'sync' does).")
  Long flightId;

  @Option(names = "--issuer-fingerprint", paramLabel = "HEX",
      description = "The issuer key fingerprint 'aloft serve' prints; the server's keys must match it. Required unless "
          + "the server is on this machine.")
  String issuerFingerprint;

  @Override
  public Integer call() throws Exception {
    Path dir = parent.dir();
    if (Files.exists(dir.resolve(TerminalProfile.FILE))) {
      throw new CliException(ExitCodes.USAGE, dir + " already holds a terminal; use another --dir");
    }
    List<IssuerKey> issuerKeys = IssuerPinning.fetchAndPin(server.url(), server.transport(), issuerFingerprint);
    // Only once the keys are pinned: a refused server leaves nothing behind.
    Secrets.privateFolder(dir);
    IssuerApi api = new IssuerApi(new ApiClient(server.url(), Optional.of(enrolmentSecret()), server.transport()));
    VerificationKey key = FileKeyProvider.openOrCreate(dir.resolve("terminal.key"), new SecureRandom())
        .terminalKey().publicKey();
    TerminalProfile profile;
    try {
      JsonNode me = api.me();
      if (!me.path("airlineId").canConvertToLong() || me.path("airlineId").isNull()
          || me.path("role").asText().equals("terminal")) {
        throw new CliException(ExitCodes.USAGE, "that is not an airline's registration code or merchant key (it is "
            + me.path("role").asText() + "'s)");
      }
      long airlineId = me.get("airlineId").asLong();
      String currency = api.client().get("/v1/airlines/" + airlineId).get("currency").asText();
      JsonNode registered = api.registerTerminal(airlineId, key, name);
      profile = new TerminalProfile(server.url(), airlineId, currency, registered.at("/terminal/id").asLong(), name,
          null, IssuerKeyView.of(issuerKeys), null);
    } catch (ApiException e) {
      throw e.toCliException();
    }
    Profiles.write(dir.resolve(TerminalProfile.FILE), profile);
    try (Terminal terminal = parent.open(profile)) {
      api.client().lastIssuerTime().ifPresent(terminal::recordIssuerTime);
    }
    System.out.println("terminal " + profile.terminalId() + " (" + name + ") enrolled for airline "
        + profile.airlineId() + "; it signs with its own key from now on; state in " + dir);
    if (flightId != null) {
      return TerminalSync.sync(parent, profile, flightId, server);
    }
    return ExitCodes.OK;
  }

  /** The registration code or merchant key given, exactly one of them. */
  private String enrolmentSecret() throws CliException {
    boolean code = registrationCodeFile != null || System.getenv("ALOFT_REGISTRATION_CODE") != null;
    if (code && merchantKeyFile != null) {
      throw new CliException(ExitCodes.USAGE, "give a registration code or a merchant key, not both");
    }
    if (code) {
      return Secrets.resolve(registrationCodeFile, "ALOFT_REGISTRATION_CODE", null, "registration code",
          "pass --registration-code-file FILE or set ALOFT_REGISTRATION_CODE");
    }
    return Secrets.resolve(merchantKeyFile, "ALOFT_MERCHANT_KEY", null, "registration code or merchant key",
        "pass --registration-code-file FILE (from 'aloft admin airline registration-code'), or --merchant-key-file "
            + "FILE or ALOFT_MERCHANT_KEY (from 'aloft admin airline create')");
  }
}
