package io.aloft.cli.demo;

import java.util.List;
import java.util.Map;

/**
 * What a demo flight did, for people ({@link ReportText}) and scripts (JSON). It holds only what
 * the seed decides: no ports, paths, server ids, serials or wall-clock times, so the same seed
 * gives the same report. Amounts are minor units of {@link #currency}.
 */
record FlightReport(
    long seed,
    String flight,
    String currency,
    List<PassengerLine> passengers,
    List<TerminalLine> terminals,
    List<Event> events,
    Landing landing) {

  /** One passenger: enrolled or refused (with the reason they were told), and what they spent. */
  record PassengerLine(String label, String name, int score, boolean enrolled, String refusalReason,
      String refusalMessage, int payments, long spentMinor, String accountStatus, long balanceMinor) {}

  /** One crew terminal's sales as its journal holds them. */
  record TerminalLine(String label, String name, int sales, long salesMinor, int refunds, long refundedMinor,
      int refused) {}

  /** One notable moment of the flight and how the system answered. */
  record Event(String when, String what, String outcome) {}

  /**
   * After landing.
   *
   * @param uploadOrder who uploaded, in the (seeded, shuffled) order they did
   * @param outcomes settlement outcomes by kind, as the server reported them to the terminals
   * @param arrears passengers left owing money, with what they owe
   * @param ledger the ledger check as the server answers it, or why it could not run
   * @param ledgerTotals settled totals from the server's report, to compare with the terminals'
   */
  record Landing(List<String> uploadOrder, Map<String, Integer> outcomes, List<String> arrears, String ledger,
      Map<String, Long> ledgerTotals, String settlement) {}
}
