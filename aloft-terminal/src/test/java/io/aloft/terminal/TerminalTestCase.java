package io.aloft.terminal;

import io.aloft.testkit.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test flight, a hand-moved clock at T0 + 10 s, and a terminal in a fresh directory. */
abstract class TerminalTestCase {
  @TempDir Path directory;
  final TestFlight flight;
  final MutableClock clock = new MutableClock(TestFlight.T0.plusSeconds(10));
  /** Opened by the subclass; closed after each test. */
  Terminal terminal;

  TerminalTestCase(int payers) {
    flight = new TestFlight(payers);
  }

  /** Closes the terminal and opens it again on the same files, as after a restart. */
  void restart() {
    terminal.close();
    terminal = flight.openTerminal(directory, clock);
  }

  @AfterEach
  void closeTerminal() {
    if (terminal != null) {
      terminal.close();
    }
  }
}
