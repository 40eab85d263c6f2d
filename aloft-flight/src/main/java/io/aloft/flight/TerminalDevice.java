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
import java.time.Duration;
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
  private final Duration skew;
  private List<IssuerKey> issuerKeys = List.of();
  private Clock clock;
  private long seed;
  private Terminal terminal;
  /** Instances abandoned by a simulated crash; closed only when the flight ends. */
  private final List<Terminal> crashed = new ArrayList<>();

  private TerminalDevice(Cast.TerminalSpec spec, Path dir, Signer key, long terminalId, Duration skew) {
    this.spec = spec;
    this.dir = dir;
    this.key = key;
    this.terminalId = terminalId;
    this.skew = skew;
  }

  /**
   * Makes the terminal's folder and key, and registers the key with the airline; the terminal's
   * clock will run {@code skew} off the flight's.
   */
  static TerminalDevice register(Cast.TerminalSpec spec, Path dir, SecureRandom keyRandom, Duration skew,
      Ground ground, Ground.Airline airline) throws Ground.GroundException {
    try {
      PrivateFiles.createFolder(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    Signer key = FileKeyProvider.openOrCreate(dir.resolve("terminal.key"), keyRandom).terminalKey();
    long id = ground.registerTerminal(airline, key.publicKey(), spec.name());
    return new TerminalDevice(spec, dir, key, id, skew);
  }

  /** Opens the terminal on its folder, its clock {@link #skew} off the flight's; {@code seed} draws its nonces. */
  Terminal open(List<IssuerKey> issuerKeys, FlightClock flightClock, long seed) {
    this.issuerKeys = issuerKeys;
    this.clock = flightClock.device(skew);
    this.seed = seed;
    return reopen();
  }

  private Terminal reopen() {
    terminal = Terminal.open(TerminalConfig.of(terminalId, issuerKeys), key,
        SqliteStorage.open(dir.resolve("terminal.db")), clock, new Random(seed ^ terminalId));
    return terminal;
  }

  /**
   * Signs this terminal's requests with its own key, at its own clock's error from {@code
   * serverClock}: the flight's clock when the server runs on it, else the real one.
   */
  RequestAuthorizer signer(Clock serverClock) {
    return RequestAuthorizer.terminal(key, terminalId, Clock.offset(serverClock, skew), new SecureRandom());
  }

  /** The app is closed and opened again on the same folder. */
  Terminal restart() {
    terminal.close();
    seed++;
    return reopen();
  }

  /**
   * The process dies: the instance is dropped without closing its database, as a killed app
   * would leave it, and a new one opens the same folder.
   */
  Terminal crashAndRestart() {
    crashed.add(terminal);
    seed++;
    return reopen();
  }

  /** Whether the journal holds payments the server has not answered yet. */
  public boolean hasPendingUploads() {
    var status = terminal.offlineStatus();
    return status.journalSequence() > status.lastAcknowledgedSequence();
  }

  /** How far this terminal's clock runs from the flight's. */
  public Duration skew() {
    return skew;
  }

  /** The terminal's key: what a dishonest crew would sign its own batches with. */
  public Signer key() {
    return key;
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
