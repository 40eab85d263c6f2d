package io.aloft.simulation.flight;

import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.TerminalConfig;
import io.aloft.terminal.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A crew handheld: the real terminal SDK on its own SQLite file, its own skewed clock, and a key
 * the issuer certified. It can be restarted cleanly or "killed" (the object abandoned without
 * closing, and a new one opened on the same file, as after the process died between two calls).
 */
final class SimTerminal {
  final long id;
  final long flightId;
  final SoftwareSigner key;
  private final Path directory;
  private final Clock clock;
  private final List<IssuerKey> issuerKeys;
  private final SplittableRandom random;
  private final List<Terminal> abandoned = new ArrayList<>();
  private Terminal terminal;

  SimTerminal(long id, long flightId, SoftwareSigner key, Path directory, Clock clock, List<IssuerKey> issuerKeys,
      SplittableRandom random) {
    this.id = id;
    this.flightId = flightId;
    this.key = key;
    this.directory = directory;
    this.clock = clock;
    this.issuerKeys = issuerKeys;
    this.random = random;
    open();
  }

  /** The terminal's own clock, which may be skewed. */
  Clock clock() {
    return clock;
  }

  private void open() {
    try {
      java.nio.file.Files.createDirectories(directory);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    terminal = Terminal.open(TerminalConfig.of(id, issuerKeys), key, SqliteStorage.open(directory.resolve("terminal.db")),
        clock, new java.util.Random(random.nextLong()));
  }

  Terminal sdk() {
    return terminal;
  }

  void restart() {
    terminal.close();
    open();
  }

  /** The app died: nothing is closed, and a fresh process opens the same file. */
  void kill() {
    abandoned.add(terminal);
    open();
  }

  boolean hasPendingUploads() {
    var status = terminal.offlineStatus();
    return status.journalSequence() > status.lastAcknowledgedSequence();
  }

  void close() {
    terminal.close();
    abandoned.forEach(Terminal::close);
  }
}
