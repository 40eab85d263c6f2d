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
    CabinLine cabin,
    Landing landing) {

  /** One passenger: enrolled or refused (with the reason they were told), and what they spent. */
  record PassengerLine(String label, String name, int score, boolean enrolled, String refusalReason,
      String refusalMessage, int payments, long spentMinor, String accountStatus, long balanceMinor) {}

  /** One crew terminal's sales as its journal holds them. */
  record TerminalLine(String label, String name, int sales, long salesMinor, int refunds, long refundedMinor,
      int refused) {}

  /**
   * Cabin sync in flight: the terminals exchange signed digests of what they accepted, and one of
   * them is cut off from the others for part of the flight.
   *
   * @param contactWindowSeconds how long a peer may stay unheard before it is out of contact
   * @param digestsMerged digests delivered to a peer (each carries a newer journal head) and admitted
   * @param digestsRefused digests a terminal refused (none from the flight's own terminals)
   * @param cutOff the terminal the partition cut off, or null when there was none
   * @param partitionFrom flight time the partition began
   * @param partitionUntil flight time it healed
   * @param outOfContactRefusals payments refused because the cart was out of contact
   * @param agreeAfterHealing every terminal holds the same view of the cabin once it healed
   */
  record CabinLine(long contactWindowSeconds, int digestsMerged, int digestsRefused, String cutOff,
      String partitionFrom, String partitionUntil, int outOfContactRefusals, boolean agreeAfterHealing) {}

  /** One notable moment of the flight and how the system answered. */
  record Event(String when, String what, String outcome) {}

  /**
   * After landing.
   *
   * @param uploadOrder who uploaded, in the (seeded, shuffled) order they did
   * @param terminalOutcomes outcomes the server gave the terminals for their journal entries
   * @param walletBills the wallets' bills by state once everyone has synced
   * @param settled the server's settlement report for the flight, reconciled with the journals
   * @param arrears passengers left owing money, with what the server tells them
   * @param ledgerCheck the server's ledger check
   * @param problems uploads that did not complete, if any
   */
  record Landing(List<String> uploadOrder, Map<String, Integer> terminalOutcomes, Map<String, Integer> walletBills,
      Settled settled, List<String> arrears, String ledgerCheck, List<String> problems) {}

  /**
   * What the server settled for the flight, next to what the terminals journaled.
   *
   * @param journaledNetMinor sales minus refunds over every terminal's journal
   * @param notPaidMinor journaled sales the server did not pay to the airline (rejections: none
   *     when every terminal followed the rules with a fresh bundle, double spends included)
   * @param cases the operator's cases for the flight, by kind
   * @param merchantLedgerMinor what the ledger says is owed to the airline
   * @param agrees journaled = settled sales − refunds + not paid, and the ledger owes the net payable
   */
  record Settled(long salesMinor, long refundsMinor, long feesMinor, long netPayableMinor, long journaledNetMinor,
      long notPaidMinor, Map<String, Integer> cases, long merchantLedgerMinor, boolean agrees) {}
}
