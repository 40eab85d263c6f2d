package io.aloft.cli.demo;

import io.aloft.protocol.client.RequestAuthorizer;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.TerminalConfig;
import io.aloft.terminal.keys.FileKeyProvider;
import io.aloft.terminal.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A crew terminal of the demo flight: its folder, its SDK instance and its tally. */
final class CrewTerminal implements AutoCloseable {
  final Cast.TerminalSpec spec;
  final Path dir;
  final Signer key;
  long terminalId;
  private Terminal terminal;
  /** Instances abandoned by a simulated crash; closed only when the demo ends. */
  private final List<Terminal> crashed = new ArrayList<>();
  int sales;
  long salesMinor;
  int refunds;
  long refundedMinor;
  int refused;

  CrewTerminal(Cast.TerminalSpec spec, Path dir, DemoRandom random) {
    this.spec = spec;
    this.dir = dir;
    try {
      io.aloft.protocol.files.PrivateFiles.createFolder(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create " + dir, e);
    }
    this.key = FileKeyProvider.openOrCreate(dir.resolve("terminal.key"), random.forDevice(spec.label())).terminalKey();
  }

  Terminal open(List<IssuerKey> issuerKeys, Clock clock, long seed) {
    terminal = Terminal.open(TerminalConfig.of(terminalId, issuerKeys), key, SqliteStorage.open(dir.resolve("terminal.db")),
        clock, new java.util.Random(seed ^ terminalId));
    return terminal;
  }

  /**
   * Signs this terminal's requests with its own key, at {@code clock}'s time: the simulated clock
   * when the demo runs the server on it, else the real one.
   */
  RequestAuthorizer signer(Clock clock) {
    return RequestAuthorizer.terminal(key, terminalId, clock, new java.security.SecureRandom());
  }

  Terminal terminal() {
    return terminal;
  }

  /**
   * The process dies: the instance is dropped without closing its database, as a killed app
   * would leave it, and a new one opens the same folder.
   */
  Terminal crashAndRestart(List<IssuerKey> issuerKeys, Clock clock, long seed) {
    crashed.add(terminal);
    return open(issuerKeys, clock, seed + 1);
  }

  @Override
  public void close() {
    crashed.forEach(Terminal::close);
    crashed.clear();
    if (terminal != null) {
      terminal.close();
      terminal = null;
    }
  }
}
