package io.aloft.simulation.flight;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.flight.TerminalDevice;
import io.aloft.protocol.message.PaymentId;
import io.aloft.simulation.support.SimServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What must hold after every flight, whatever faults it met, judged from the server's books (its
 * PostgreSQL rows and its operator check) against the {@link FlightRecord} of what devices did:
 *
 * <ol>
 *   <li>every ledger entry balances in each currency, each currency sums to zero, and every
 *       account's balance is the sum of its postings (and the operator check agrees);</li>
 *   <li>every payment a terminal acknowledged is settled exactly once at that terminal (one
 *       payment row, one ledger entry) or sits in a case;</li>
 *   <li>no payer is charged more than they signed: per authorization (once, however many
 *       terminals took it), and in total;</li>
 *   <li>every acceptance a terminal acknowledged — a replayed code and a cloned wallet's double
 *       spend included — is paid to its merchant, at the terminal that took it, for what it
 *       charged (docs/settlement.md, "Liability");</li>
 *   <li>nothing settles that no wallet signed;</li>
 *   <li>refunds settle as the terminals issued them, never more;</li>
 *   <li>a double spend revokes its credential and suspends its account, and arrears suspend
 *       their account;</li>
 *   <li>every terminal's journal still verifies.</li>
 * </ol>
 * Attacks during the flight are judged where they happen ({@link InFlight}).
 */
final class Invariants {
  private final Flight flight;
  private final FlightRecord record;
  private final List<String> violations = new ArrayList<>();

  private Invariants(Flight flight) {
    this.flight = flight;
    this.record = flight.record;
  }

  /** Every violation found, the ones recorded during the flight first. */
  static List<String> check(Flight flight) throws SQLException {
    Invariants invariants = new Invariants(flight);
    invariants.violations.addAll(flight.record.violations);
    try (Connection db = DriverManager.getConnection(flight.server.jdbcUrl())) {
      invariants.ledgerBalances(db);
      Map<String, SettledRow> settled = invariants.settled(db);
      Set<PaymentId> inCases = invariants.cases(db);
      invariants.exactlyOnce(settled, inCases);
      invariants.nobodyOvercharged(settled);
      invariants.merchantsPaid(settled, inCases);
      invariants.refundsAsIssued(db);
      invariants.standing(db);
    }
    invariants.journalsIntact();
    return invariants.violations;
  }

  private void ledgerBalances(Connection db) throws SQLException {
    none(db, "SELECT entry_id, currency, sum(amount_minor) FROM ledger_postings GROUP BY 1, 2 "
        + "HAVING sum(amount_minor) <> 0", "ledger entry does not balance in its currency");
    none(db, "SELECT currency, sum(amount_minor) FROM ledger_postings GROUP BY 1 HAVING sum(amount_minor) <> 0",
        "currency does not sum to zero");
    none(db, "SELECT a.id, a.balance_minor, coalesce(sum(p.amount_minor), 0) FROM ledger_accounts a "
        + "LEFT JOIN ledger_postings p ON p.ledger_account_id = a.id GROUP BY a.id, a.balance_minor "
        + "HAVING a.balance_minor <> coalesce(sum(p.amount_minor), 0)", "account balance is not the sum of its postings");
    // An entry sums an upload's payments; the operator check below reconciles each payer's,
    // merchant's and the fee account's postings with the payments and refunds rows.
    none(db, "SELECT m.serial, m.counter FROM payments m WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e "
        + "WHERE e.id = m.ledger_entry_id AND e.kind = 'payment')", "payment posted to no payment entry");
    JsonNode check = flight.server.api().get("/v1/ledger/check", SimServer.ADMIN_KEY).expect(200).json();
    if (!check.path("balanced").asBoolean()) {
      violations.add("operator ledger check says unbalanced: " + check);
    }
  }

  /** One settled acceptance as the server booked it; {@code payerFunded} false: the guarantee paid it. */
  private record SettledRow(PaymentId id, String contentDigest, long accountId, long airlineId, long terminalId,
      long chargedMinor, long payerChargedMinor, long payerRefundedMinor, boolean payerFunded) {}

  /** Settled acceptances by {@link #key}: one per (payment id, terminal). */
  private Map<String, SettledRow> settled(Connection db) throws SQLException {
    Map<String, SettledRow> rows = new HashMap<>();
    try (PreparedStatement statement = db.prepareStatement("SELECT encode(serial, 'hex'), counter, "
        + "encode(content_digest, 'hex'), account_id, airline_id, terminal_id, charged_minor, payer_charged_minor, "
        + "payer_refunded_minor, funded_by = 'payer' FROM payments");
        ResultSet r = statement.executeQuery()) {
      while (r.next()) {
        PaymentId id = PaymentId.parse(r.getString(1) + "-" + r.getLong(2));
        rows.put(key(id, r.getLong(6)), new SettledRow(id, r.getString(3), r.getLong(4), r.getLong(5), r.getLong(6),
            r.getLong(7), r.getLong(8), r.getLong(9), r.getBoolean(10)));
      }
    }
    return rows;
  }

  private static String key(PaymentId id, long terminalId) {
    return id + "@" + terminalId;
  }

  /**
   * Payment ids in a case: a case's own id, and every id of a credential with a double spend case
   * (one per credential, counter 0). Each case is counted in the record's events by its kind.
   */
  private Set<PaymentId> cases(Connection db) throws SQLException {
    Set<PaymentId> ids = new java.util.HashSet<>();
    Set<String> doubleSpent = new java.util.HashSet<>();
    try (PreparedStatement statement = db.prepareStatement("SELECT encode(serial, 'hex'), counter, kind FROM cases");
        ResultSet r = statement.executeQuery()) {
      while (r.next()) {
        record.event("case " + r.getString(3));
        if (r.getLong(2) > 0) {
          ids.add(PaymentId.parse(r.getString(1) + "-" + r.getLong(2)));
        }
        if ("double_spend".equals(r.getString(3))) {
          doubleSpent.add(r.getString(1));
        }
      }
    }
    record.acknowledged.stream().map(FlightRecord.Acknowledged::paymentId)
        .filter(id -> doubleSpent.contains(id.serial().hex())).forEach(ids::add);
    return ids;
  }

  private void exactlyOnce(Map<String, SettledRow> settled, Set<PaymentId> inCases) {
    for (FlightRecord.Acknowledged ack : record.acknowledged) {
      if (!settled.containsKey(key(ack.paymentId(), ack.terminalId())) && !inCases.contains(ack.paymentId())) {
        violations.add("acknowledged payment " + ack.paymentId() + " at terminal " + ack.terminalId()
            + " is neither settled nor in a case");
      }
    }
  }

  private void nobodyOvercharged(Map<String, SettledRow> settled) {
    Map<String, Long> signedByDigest = new HashMap<>();
    record.signed.forEach(s -> signedByDigest.merge(s.contentDigest().hex(), s.signedChargeMinor(), Math::max));
    Map<Long, Long> chargedByAccount = new HashMap<>();
    Map<String, Long> payerFundedByDigest = new HashMap<>();
    for (SettledRow row : settled.values()) {
      Long signed = signedByDigest.get(row.contentDigest());
      if (signed == null) {
        violations.add("settled " + row.id() + " whose content no wallet signed");
        continue;
      }
      if (!row.payerFunded()) {
        continue;
      }
      if (payerFundedByDigest.merge(row.contentDigest(), 1L, Long::sum) > 1) {
        violations.add("payer of " + row.id() + " charged twice for one authorization");
      }
      if (row.payerChargedMinor() > signed) {
        violations.add("payer of " + row.id() + " charged " + row.payerChargedMinor() + ", signed " + signed);
      }
      chargedByAccount.merge(row.accountId(), row.payerChargedMinor() - row.payerRefundedMinor(), Long::sum);
    }
    chargedByAccount.forEach((account, charged) -> {
      long signed = record.signedTotalMinor(account);
      if (charged > signed) {
        violations.add("account " + account + " charged " + charged + " in total, signed " + signed);
      }
    });
  }

  private void merchantsPaid(Map<String, SettledRow> settled, Set<PaymentId> inCases) {
    Map<String, List<FlightRecord.Acknowledged>> byAcceptance = record.acknowledged.stream()
        .collect(Collectors.groupingBy(ack -> key(ack.paymentId(), ack.terminalId())));
    byAcceptance.forEach((key, acks) -> {
      FlightRecord.Acknowledged ack = acks.get(0);
      PaymentId id = ack.paymentId();
      SettledRow row = settled.get(key);
      // One terminal acknowledging one id twice (two receipts of a cap code) is judged by its receipts.
      if (acks.size() > 1) {
        return;
      }
      if (row == null) {
        violations.add("payment " + id + " acknowledged by terminal " + ack.terminalId() + " for " + ack.charged()
            + " was not paid" + (inCases.contains(id) ? " (a case is open for it)" : " (no case)"));
        return;
      }
      if (row.airlineId() != ack.airlineId() || row.chargedMinor() != ack.charged().amountMinor()) {
        violations.add("payment " + id + " acknowledged by terminal " + ack.terminalId() + " for " + ack.charged()
            + " settled to airline " + row.airlineId() + " terminal " + row.terminalId() + " for " + row.chargedMinor()
            + (inCases.contains(id) ? " (a case is open for it)" : " (no case)"));
      }
    });
  }

  private void refundsAsIssued(Connection db) throws SQLException {
    Map<PaymentId, Long> settledRefunds = new HashMap<>();
    try (PreparedStatement statement = db.prepareStatement(
        "SELECT encode(serial, 'hex'), counter, sum(amount_minor) FROM refunds GROUP BY 1, 2");
        ResultSet r = statement.executeQuery()) {
      while (r.next()) {
        settledRefunds.put(PaymentId.parse(r.getString(1) + "-" + r.getLong(2)), r.getLong(3));
      }
    }
    Map<PaymentId, List<FlightRecord.Acknowledged>> acks = record.acknowledged.stream()
        .collect(Collectors.groupingBy(FlightRecord.Acknowledged::paymentId));
    record.refundedMinor.forEach((id, issued) -> {
      long refunded = settledRefunds.getOrDefault(id, 0L);
      boolean plain = acks.getOrDefault(id, List.of()).size() == 1 && !record.cloned.contains(id);
      if (refunded > issued || (plain && refunded != issued)) {
        violations.add("payment " + id + ": terminals issued refunds of " + issued + ", settled " + refunded);
      }
    });
    settledRefunds.forEach((id, refunded) -> {
      if (!record.refundedMinor.containsKey(id)) {
        violations.add("payment " + id + " refunded " + refunded + " although no terminal issued a refund");
      }
    });
  }

  private void standing(Connection db) throws SQLException {
    none(db, "SELECT DISTINCT encode(c.serial, 'hex') FROM cases c JOIN credentials k ON k.serial = c.serial "
        + "WHERE c.kind = 'double_spend' AND k.revoked_at IS NULL", "double spend left its credential unrevoked");
    none(db, "SELECT id, arrears_minor, status FROM accounts WHERE arrears_minor > 0"
        + " AND status NOT IN ('in_arrears', 'suspended')", "account in arrears not marked so");
    none(db, "SELECT DISTINCT c.account_id FROM cases c JOIN accounts a ON a.id = c.account_id"
        + " WHERE c.kind = 'double_spend' AND c.counter = 0 AND a.status <> 'suspended'",
        "double spender's account not suspended");
  }

  private void journalsIntact() {
    for (TerminalDevice terminal : flight.terminals()) {
      if (!terminal.sdk().verifyJournal().intact()) {
        violations.add("terminal " + terminal.terminalId() + " journal does not verify: " + terminal.sdk().verifyJournal());
      }
    }
  }

  private void none(Connection db, String sql, String what) throws SQLException {
    try (PreparedStatement statement = db.prepareStatement(sql); ResultSet r = statement.executeQuery()) {
      while (r.next()) {
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
          Object value = r.getObject(i);
          columns.add(value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : String.valueOf(value));
        }
        violations.add(what + ": " + columns);
      }
    }
  }
}
