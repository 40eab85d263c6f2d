package io.aloft.flight;

import io.aloft.protocol.client.RequestAuthorizer;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.files.PrivateFiles;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.TerminalConfig;
import io.aloft.terminal.keys.FileKeyProvider;
import io.aloft.terminal.sqlite.SqliteStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A crew terminal of a flight: its folder, its key, and the terminal SDK opened on them. The one
 * place the engine opens, restarts and crashes a terminal.
 */
public final class TerminalDevice implements AutoCloseable {
  private final Cast.TerminalSpec spec;
  private final Path dir;
  private final Signer key;
  private final long terminalId;
  private Terminal terminal;
  /** Instances abandoned by a simulated crash; closed only when the flight ends. */
  private final List<Terminal> crashed = new ArrayList<>();

  private TerminalDevice(Cast.TerminalSpec spec, Path dir, Signer key, long terminalId) {
    this.spec = spec;
    this.dir = dir;
    this.key = key;
    this.terminalId = terminalId;
  }

  /** Makes the terminal's folder and key, and registers the key with the airline. */
  static TerminalDevice register(Cast.TerminalSpec spec, Path dir, SecureRandom keyRandom, Ground ground,
      Ground.Airline airline) throws Ground.GroundException {
    try {
      PrivateFiles.createFolder(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    Signer key = FileKeyProvider.openOrCreate(dir.resolve("terminal.key"), keyRandom).terminalKey();
    long id = ground.registerTerminal(airline, key.publicKey(), spec.name());
    return new TerminalDevice(spec, dir, key, id);
  }

  /** Opens (or reopens) the terminal on its folder; {@code seed} draws its nonces. */
  Terminal open(List<IssuerKey> issuerKeys, Clock clock, long seed) {
    terminal = Terminal.open(TerminalConfig.of(terminalId, issuerKeys), key,
        SqliteStorage.open(dir.resolve("terminal.db")), clock, new Random(seed ^ terminalId));
    return terminal;
  }

  /** Signs this terminal's requests with its own key, at {@code clock}'s time. */
  RequestAuthorizer signer(Clock clock) {
    return RequestAuthorizer.terminal(key, terminalId, clock, new SecureRandom());
  }

  /**
   * The process dies: the instance is dropped without closing its database, as a killed app
   * would leave it, and a new one opens the same folder.
   */
  Terminal crashAndRestart(List<IssuerKey> issuerKeys, Clock clock, long seed) {
    crashed.add(terminal);
    return open(issuerKeys, clock, seed + 1);
  }

  public Cast.TerminalSpec spec() {
    return spec;
  }

  public String label() {
    return spec.label();
  }

  public long terminalId() {
    return terminalId;
  }

  /** The terminal SDK as it runs now (a new instance after a crash). */
  public Terminal sdk() {
    return terminal;
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
