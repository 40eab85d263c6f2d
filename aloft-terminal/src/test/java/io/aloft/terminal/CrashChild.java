package io.aloft.terminal;

import static io.aloft.terminal.TestFlight.T0;
import static io.aloft.terminal.TestFlight.cny;

import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.TestFlight.Payer;
import io.aloft.terminal.sale.Sale;
import io.aloft.testkit.MutableClock;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The process the crash test kills: opens the terminal in a directory and accepts payments
 * until it is killed, printing "ACK sequence paymentId" after each acceptance returns, which is
 * when a crew member would see "paid". Payment k (= journal sequence k) is deterministic, so a
 * restarted child carries on from the journal's head without any other state. After every
 * {@value #BURST}th payment it pauses for a random moment up to {@value #MAX_PAUSE_MS} ms, so
 * that the terminal's checkpoints (which run once sales pause) are under way at some kills.
 */
public final class CrashChild {
  static final int PAYERS = 4;
  /** Small, so that one payer's total limit lasts for tens of thousands of payments. */
  static final long AMOUNT = 10;
  static final int BURST = 8;
  static final int MAX_PAUSE_MS = 400;

  public static void main(String[] args) throws InterruptedException {
    Path directory = Path.of(args[0]);
    TestFlight flight = new TestFlight(PAYERS);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
    try (Terminal terminal = flight.openTerminal(directory, new MutableClock(T0.plusSeconds(10)))) {
      if (terminal.offlineStatus().bundle().isEmpty()) {
        terminal.installBundle(flight.bundle().encode()).value();
      }
      out.println("READY");
      out.flush();
      for (long next = terminal.offlineStatus().journalSequence() + 1; ; next++) {
        Verdict<Sale> verdict = terminal.accept(code(flight, terminal, next));
        if (!verdict.isAccepted()) {
          System.err.println("payment " + next + " refused: " + verdict);
          System.exit(3);
        }
        out.println("ACK " + verdict.value().journalSequence() + " " + verdict.value().paymentId() + " END");
        out.flush();
        if (next % BURST == 0) {
          Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(MAX_PAUSE_MS));
        }
      }
    }
  }

  /** Payment k: payer (k-1) mod P, that payer's counter ⌈k/P⌉; every third one a handshake. */
  static String code(TestFlight flight, Terminal terminal, long k) {
    Payer payer = flight.payers.get((int) ((k - 1) % PAYERS));
    long counter = (k - 1) / PAYERS + 1;
    if (k % 3 == 0) {
      PaymentRequest request = terminal.createRequest(cny(AMOUNT), List.of()).value().request();
      return flight.handshake(payer, request, counter, counter * AMOUNT).toQrText();
    }
    return flight.oneScan(payer, counter, counter * AMOUNT, AMOUNT).toQrText();
  }
}
