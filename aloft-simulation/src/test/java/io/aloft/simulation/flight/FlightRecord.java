package io.aloft.simulation.flight;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.Money;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulated flight did, as the people in it would testify: every code a wallet signed,
 * every sale a terminal acknowledged, every attack tried and how it ended. The invariants judge
 * the server's books against this record.
 */
final class FlightRecord {
  /** A sale a terminal said "paid" for. */
  record Acknowledged(long terminalId, long airlineId, PaymentId paymentId, Bytes contentDigest, Money charged,
      long accountId, boolean replayedCode, boolean capCode) {}

  /** A code a wallet signed: its content, and what it allows at most in the credential's currency. */
  record Signed(long accountId, PaymentId paymentId, Bytes contentDigest, long signedChargeMinor) {}

  final List<Acknowledged> acknowledged = new ArrayList<>();
  final List<Signed> signed = new ArrayList<>();
  /** Payment ids signed by more than one phone holding the same key (a cloned wallet). */
  final Set<PaymentId> cloned = new HashSet<>();
  /** Refunds the terminals issued, by payment, in the payment currency. */
  final Map<PaymentId, Long> refundedMinor = new HashMap<>();
  final List<String> violations = new ArrayList<>();
  final Map<String, Integer> events = new LinkedHashMap<>();
  private final List<String> log = new ArrayList<>();

  void event(String name) {
    events.merge(name, 1, Integer::sum);
  }

  void log(String line) {
    log.add(line);
  }

  void violation(String what) {
    violations.add(what);
    log.add("VIOLATION " + what);
  }

  /** The last lines of the run, for a failing seed's report. */
  String tail(int lines) {
    return String.join("\n", log.subList(Math.max(0, log.size() - lines), log.size()));
  }

  long signedTotalMinor(long accountId) {
    return signed.stream().filter(s -> s.accountId() == accountId).mapToLong(Signed::signedChargeMinor).sum();
  }
}
