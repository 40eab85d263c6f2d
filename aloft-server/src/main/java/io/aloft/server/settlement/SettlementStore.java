package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Reason;
import io.aloft.server.account.Accounts;
import io.aloft.server.db.BinaryCopy;
import io.aloft.server.enrolment.Enrolments;
import io.aloft.server.http.Views.MoneyView;
import io.aloft.server.webhook.EventData;
import io.aloft.server.webhook.EventType;
import io.aloft.server.webhook.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The SQL of settlement: locking, reading what settled, and set-based writes. */
final class SettlementStore {
  /**
   * The credentials and their flights, through the views enrolment and airline publish; a lock
   * {@code OF c} locks the credentials' rows alone, as it did on the table.
   */
  private static final String CREDENTIAL_COLUMNS = "SELECT c.serial, c.encoded, c.account_id, c.flight_id,"
      + " f.airline_id, c.revoked_at, f.scheduled_departure FROM issued_credentials c"
      + " JOIN scheduled_flights f ON f.flight_id = c.flight_id WHERE c.serial = ANY(?)";

  private SettlementStore() {}

  /** The stored credentials among {@code serials}, read without locking (the checks before the transaction). */
  static Map<CredentialSerial, StoredCredential> credentials(Connection connection, Collection<CredentialSerial> serials)
      throws SQLException {
    Map<CredentialSerial, StoredCredential> found = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(CREDENTIAL_COLUMNS)) {
      select.setArray(1, Enrolments.serialArray(connection, serials));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          StoredCredential credential = readCredential(row);
          found.put(credential.credential().serial(), credential);
        }
      }
    }
    return found;
  }

  /** Locks the credentials in ascending serial order, so that concurrent uploads never deadlock. */
  static Map<CredentialSerial, CredentialState> lockCredentials(Connection connection, Set<CredentialSerial> serials)
      throws SQLException {
    Map<CredentialSerial, CredentialState> states = new LinkedHashMap<>();
    if (serials.isEmpty()) {
      return states;
    }
    try (PreparedStatement select = connection.prepareStatement(
        CREDENTIAL_COLUMNS + " ORDER BY c.serial FOR UPDATE OF c")) {
      select.setArray(1, Enrolments.serialArray(connection, serials));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          StoredCredential credential = readCredential(row);
          states.put(credential.credential().serial(), new CredentialState(credential));
        }
      }
    }
    return states;
  }

  private static StoredCredential readCredential(ResultSet row) throws SQLException {
    return new StoredCredential(Enrolments.decodeStored(row.getBytes(2)), row.getLong(3), row.getLong(4),
        row.getLong(5), Optional.ofNullable(row.getTimestamp(6)).map(Timestamp::toInstant),
        row.getTimestamp(7).toInstant());
  }

  /** Every settled payment (and, when asked, refund) of the locked credentials. */
  static void loadSettled(Connection connection, Map<CredentialSerial, CredentialState> states, boolean withRefunds)
      throws SQLException {
    if (states.isEmpty()) {
      return;
    }
    // Stored receipts are needed to judge refunds; otherwise they stay in the table (every settled
    // payment of every credential in the upload is read, so their bytes add up), and the rare
    // receipt conflict fetches its one receipt with storedReceipt.
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT serial, counter, content_digest, terminal_id, airline_id, flight_id, account_id, bundle_version,"
            + " cumulative_minor, signed_charge_minor, charged_minor, charged_currency, payer_charged_minor,"
            + " payer_currency, fee_minor, refunded_minor, payer_refunded_minor,"
            + (withRefunds ? " receipt_bytes" : " NULL::bytea") + ", funded_by = 'payer' FROM payments"
            + " WHERE serial = ANY(?) ORDER BY serial, counter, terminal_id")) {
      select.setArray(1, Enrolments.serialArray(connection, states.keySet()));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          SettledPayment payment = readPayment(row);
          states.get(payment.id().serial()).add(payment);
        }
      }
    }
    if (withRefunds) {
      loadRefunds(connection, states);
    }
    loadClosedWindows(connection, states);
  }

  /**
   * The counters of the locked credentials that the settlement window closed on. Read under the
   * credentials' locks, so an upload that waited for a wallet's closing upload sees its closure.
   */
  private static void loadClosedWindows(Connection connection, Map<CredentialSerial, CredentialState> states)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT serial, counter FROM rejections WHERE serial = ANY(?) AND reason = ?")) {
      select.setArray(1, Enrolments.serialArray(connection, states.keySet()));
      select.setString(2, Reason.NO_MERCHANT_RECORD.name());
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          states.get(new CredentialSerial(Bytes.of(row.getBytes(1)))).closeWindowOn(row.getLong(2));
        }
      }
    }
  }

  private static SettledPayment readPayment(ResultSet row) throws SQLException {
    PaymentId id = new PaymentId(new CredentialSerial(Bytes.of(row.getBytes(1))), row.getLong(2));
    return new SettledPayment(id, Bytes.of(row.getBytes(3)), row.getLong(4), row.getLong(5), row.getLong(6),
        row.getLong(7), row.getLong(8), row.getLong(9), row.getLong(10),
        Money.of(row.getLong(11), CurrencyUnit.of(row.getString(12))),
        Money.of(row.getLong(13), CurrencyUnit.of(row.getString(14))), row.getLong(15), row.getLong(16),
        row.getLong(17), row.getBytes(18) == null ? Bytes.empty() : Bytes.of(row.getBytes(18)), row.getBoolean(19));
  }

  /** The trust bundle versions that settled payments of the flight name: their refunds are checked under them. */
  static java.util.Set<Long> bundleVersionsInUse(Connection connection, long flightId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT DISTINCT bundle_version FROM payments WHERE flight_id = ?")) {
      select.setLong(1, flightId);
      java.util.Set<Long> versions = new java.util.HashSet<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          versions.add(row.getLong(1));
        }
      }
      return versions;
    }
  }

  /** The receipt a settled payment was settled with. */
  static Bytes storedReceipt(Connection connection, PaymentId id, long terminalId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT receipt_bytes FROM payments WHERE serial = ? AND counter = ? AND terminal_id = ?")) {
      select.setBytes(1, id.serial().value().toByteArray());
      select.setLong(2, id.counter());
      select.setLong(3, terminalId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("settled payment " + id + " has no row");
        }
        return Bytes.of(row.getBytes(1));
      }
    }
  }

  private static void loadRefunds(Connection connection, Map<CredentialSerial, CredentialState> states)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT serial, counter, terminal_id, refund_sequence, note_digest FROM refunds WHERE serial = ANY(?)")) {
      select.setArray(1, Enrolments.serialArray(connection, states.keySet()));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          states.get(new CredentialSerial(Bytes.of(row.getBytes(1))))
              .addRefund(row.getLong(2), row.getLong(3), row.getLong(4), Bytes.of(row.getBytes(5)));
        }
      }
    }
  }

  /** Locks the payers' accounts in ascending id order (after the credentials, as every writer does). */
  static Map<Long, Payer> lockPayers(Connection connection, Collection<Long> accountIds) throws SQLException {
    Map<Long, Payer> payers = new HashMap<>();
    for (Accounts.PayerStanding payer : Accounts.lockPayers(connection, new TreeSet<>(accountIds))) {
      payers.put(payer.accountId(), new Payer(payer.accountId(), payer.currency(), payer.status(), payer.funds(),
          payer.writtenOffMinor()));
    }
    return payers;
  }

  static void insertPayments(Connection connection, List<SettlementWrites.NewPayment> payments, long[] entryIds,
      Uploader uploader, Instant now) throws SQLException {
    BinaryCopy copy = new BinaryCopy("payments", "serial, counter, content_digest, kind, account_id, flight_id,"
        + " airline_id, terminal_id, bundle_version, accepted_at, settled_at, source, charged_minor, charged_currency,"
        + " payer_charged_minor, payer_currency, signed_charge_minor, cumulative_minor, fee_minor, shortfall_minor,"
        + " authorization_bytes, request_bytes, receipt_bytes, ledger_entry_id, funded_by", payments.size());
    for (SettlementWrites.NewPayment payment : payments) {
      addPayment(copy.row(), payment, entryIds[payment.entryIndex()], uploader, now);
    }
    copy.execute(connection);
  }

  private static void addPayment(BinaryCopy row, SettlementWrites.NewPayment payment, long entryId, Uploader uploader,
      Instant settledAt) {
    SettledPayment settled = payment.settled();
    Checked.Verified verified = payment.verified();
    Bytes request = verified.submission().request();
    row.add(settled.id().serial().value().toByteArray()).add(settled.id().counter())
        .add(settled.contentDigest().toByteArray())
        .add(verified.accepted().authorization().kind().name().toLowerCase(java.util.Locale.ROOT))
        .add(settled.accountId()).add(settled.flightId()).add(settled.airlineId()).add(settled.terminalId())
        .add(settled.bundleVersion()).add(verified.receipt().acceptedAt()).add(settledAt).add(uploader.sourceName())
        .add(settled.charged().amountMinor()).add(settled.charged().currency().code())
        .add(settled.payerCharged().amountMinor()).add(settled.payerCharged().currency().code())
        .add(settled.signedChargeMinor()).add(settled.cumulativeMinor()).add(settled.feeMinor())
        .add(payment.shortfallMinor()).add(verified.submission().authorization().toByteArray())
        .add(request.isEmpty() ? null : request.toByteArray()).add(settled.receipt().toByteArray()).add(entryId)
        .add(settled.fundedBy());
  }

  static void insertRefunds(Connection connection, List<SettlementWrites.NewRefund> refunds, long[] entryIds,
      Uploader uploader, Instant now) throws SQLException {
    if (refunds.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO refunds (serial, counter, refund_sequence, note_digest, flight_id, airline_id, terminal_id,"
            + " amount_minor, currency, payer_amount_minor, issued_at, settled_at, source, note_bytes, ledger_entry_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement update = connection.prepareStatement(
            "UPDATE payments SET refunded_minor = ?, payer_refunded_minor = ? WHERE serial = ? AND counter = ?"
                + " AND terminal_id = ?")) {
      for (SettlementWrites.NewRefund refund : refunds) {
        bindRefund(insert, refund, entryIds[refund.entryIndex()], uploader, now);
        insert.addBatch();
        SettledPayment after = refund.paymentAfter();
        update.setLong(1, after.refundedMinor());
        update.setLong(2, after.payerRefundedMinor());
        update.setBytes(3, after.id().serial().value().toByteArray());
        update.setLong(4, after.id().counter());
        update.setLong(5, after.terminalId());
        update.addBatch();
      }
      insert.executeBatch();
      update.executeBatch();
    }
  }

  private static void bindRefund(PreparedStatement insert, SettlementWrites.NewRefund refund, long entryId,
      Uploader uploader, Instant now) throws SQLException {
    SettledPayment payment = refund.paymentAfter();
    var note = refund.claim().note();
    insert.setBytes(1, payment.id().serial().value().toByteArray());
    insert.setLong(2, payment.id().counter());
    insert.setLong(3, note.refundSequence());
    insert.setBytes(4, refund.claim().noteDigest().toByteArray());
    insert.setLong(5, payment.flightId());
    insert.setLong(6, payment.airlineId());
    insert.setLong(7, note.terminalId());
    insert.setLong(8, note.amount().amountMinor());
    insert.setString(9, note.amount().currency().code());
    insert.setLong(10, refund.payerAmountMinor());
    insert.setTimestamp(11, Timestamp.from(note.time()));
    insert.setTimestamp(12, Timestamp.from(now));
    insert.setString(13, uploader.sourceName());
    insert.setBytes(14, refund.claim().submission().note().toByteArray());
    insert.setLong(15, entryId);
  }

  /** Lowers corrected payments' charges (after any insert of the same payment in this run). */
  static void updateCharges(Connection connection, List<SettlementWrites.Correction> corrections) throws SQLException {
    if (corrections.isEmpty()) {
      return;
    }
    try (PreparedStatement update = connection.prepareStatement("UPDATE payments SET charged_minor = ?,"
        + " payer_charged_minor = ?, fee_minor = ?, receipt_bytes = ? WHERE serial = ? AND counter = ? AND terminal_id = ?")) {
      for (SettlementWrites.Correction correction : corrections) {
        SettledPayment after = correction.paymentAfter();
        update.setLong(1, after.charged().amountMinor());
        update.setLong(2, after.payerCharged().amountMinor());
        update.setLong(3, after.feeMinor());
        update.setBytes(4, after.receipt().toByteArray());
        update.setBytes(5, after.id().serial().value().toByteArray());
        update.setLong(6, after.id().counter());
        update.setLong(7, after.terminalId());
        update.addBatch();
      }
      update.executeBatch();
    }
  }

  /** Records who funds each acceptance whose payer charge moved (after any insert of it in this run). */
  static void updateFunding(Connection connection, List<SettledPayment> funded) throws SQLException {
    if (funded.isEmpty()) {
      return;
    }
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE payments SET funded_by = ? WHERE serial = ? AND counter = ? AND terminal_id = ?")) {
      for (SettledPayment payment : funded) {
        update.setString(1, payment.fundedBy());
        update.setBytes(2, payment.id().serial().value().toByteArray());
        update.setLong(3, payment.id().counter());
        update.setLong(4, payment.terminalId());
        update.addBatch();
      }
      update.executeBatch();
    }
  }

  /**
   * Suspends offline payment of accounts caught double spending: status suspended, one more double
   * spend counted (it costs score), and every credential still valid revoked.
   */
  static void suspendForDoubleSpend(Connection connection, List<Long> accountIds, Instant now) throws SQLException {
    if (accountIds.isEmpty()) {
      return;
    }
    Accounts.suspendForDoubleSpend(connection, accountIds);
    Enrolments.suspendOfflineUse(connection, accountIds.stream().distinct().sorted().toList(), now);
  }

  /**
   * Adds the evidence of every settled acceptance a replay or double spend case of {@code serials}
   * covers: a replay case the acceptances of its counter, a double spend case all of its
   * credential's. Whichever upload opened the case, later ones add theirs here; each piece once.
   */
  static void addCaseEvidence(Connection connection, Set<CredentialSerial> serials, Instant now) throws SQLException {
    if (serials.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO case_evidence (case_id, evidence_digest, added_at, counter, terminal_id, authorization_bytes,"
            + " request_bytes, receipt_bytes)"
            + " SELECT c.id, sha256(p.authorization_bytes || p.receipt_bytes), ?, p.counter, p.terminal_id,"
            + " p.authorization_bytes, p.request_bytes, p.receipt_bytes"
            + " FROM cases c JOIN payments p ON p.serial = c.serial AND (c.kind = 'double_spend' OR p.counter = c.counter)"
            + " WHERE c.serial = ANY(?) AND c.kind IN ('double_spend', 'replay')"
            + " ON CONFLICT DO NOTHING")) {
      insert.setTimestamp(1, Timestamp.from(now));
      insert.setArray(2, Enrolments.serialArray(connection, serials));
      insert.executeUpdate();
    }
  }

  /**
   * Writes back each payer's funds and status. One who fell into arrears gets an episode counted,
   * every credential still valid revoked (offline use is suspended until they pay) and an
   * {@code account.in_arrears} webhook event.
   */
  static void updatePayers(Connection connection, Collection<Payer> payers, Instant now) throws SQLException {
    if (payers.isEmpty()) {
      return;
    }
    // One statement for every payer: their rows are locked already (lockPayers, ascending id).
    List<Payer> sorted = payers.stream().sorted(java.util.Comparator.comparingLong(p -> p.accountId)).toList();
    Accounts.storeSettled(connection, sorted.stream().map(p -> new Accounts.SettledPayer(p.accountId, p.funds,
        p.statusAfter(), p.settledPayments, p.fellIntoArrears())).toList(), now);
    List<Long> fellIntoArrears = sorted.stream().filter(Payer::fellIntoArrears).map(p -> p.accountId).toList();
    Enrolments.suspendOfflineUse(connection, fellIntoArrears, now);
    Outbox.recordAll(connection, sorted.stream().filter(Payer::fellIntoArrears)
        .map(p -> new Outbox.Event(EventType.ACCOUNT_IN_ARREARS, Optional.empty(), new EventData.AccountInArrears(
            p.accountId, new MoneyView(p.funds.arrearsMinor(), p.currency.code())))).toList(), now);
  }

  /** A case this run opened, with its id. */
  record OpenedCase(long id, CaseDraft draft) {}

  /** Inserts the cases not open yet; returns those it opened (a case open already is not among them). */
  static List<OpenedCase> insertCases(Connection connection, List<CaseDraft> cases, Instant now) throws SQLException {
    List<OpenedCase> opened = new java.util.ArrayList<>();
    if (cases.isEmpty()) {
      return opened;
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO cases (created_at, kind, serial, counter, refund_sequence, flight_id, account_id, airline_id,"
            + " terminal_id, detail, evidence_digest, authorization_bytes, request_bytes, receipt_bytes, note_bytes,"
            + " settled_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
            + " RETURNING id")) {
      for (CaseDraft draft : cases) {
        insert.setTimestamp(1, Timestamp.from(now));
        insert.setString(2, draft.kind().wireName());
        insert.setBytes(3, draft.serial().value().toByteArray());
        insert.setLong(4, draft.counter());
        insert.setLong(5, draft.refundSequence());
        insert.setLong(6, draft.flightId());
        insert.setLong(7, draft.accountId());
        insert.setLong(8, draft.airlineId());
        if (draft.terminalId() == 0) {
          insert.setNull(9, java.sql.Types.BIGINT);
        } else {
          insert.setLong(9, draft.terminalId());
        }
        insert.setString(10, draft.detail());
        insert.setBytes(11, draft.evidenceDigest().toByteArray());
        insert.setBytes(12, nullIfEmpty(draft.authorization()));
        insert.setBytes(13, nullIfEmpty(draft.request()));
        insert.setBytes(14, nullIfEmpty(draft.receipt()));
        insert.setBytes(15, nullIfEmpty(draft.note()));
        insert.setBytes(16, nullIfEmpty(draft.settledDigest()));
        // One at a time: a batch cannot return rows, and cases are rare.
        try (ResultSet row = insert.executeQuery()) {
          if (row.next()) {
            opened.add(new OpenedCase(row.getLong(1), draft));
          }
        }
      }
    }
    return opened;
  }

  private static byte[] nullIfEmpty(Bytes bytes) {
    return bytes.isEmpty() ? null : bytes.toByteArray();
  }

  /**
   * Closes the settlement window on wallet bills that no merchant record settled: a rejection
   * {@code NO_MERCHANT_RECORD} per payment id. A terminal's refused upload of the same id is
   * turned into the closure, its own reason kept in the detail: a refused record is no record the
   * payment settles on, and the row is what later uploads are refused on.
   */
  static void closeWindows(Connection connection, List<SettlementWrites.Closure> closures, Instant now)
      throws SQLException {
    if (closures.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO rejections AS r (serial, counter, reason, detail, terminal_id, rejected_at)"
            + " VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT (serial, counter) DO UPDATE SET reason = EXCLUDED.reason,"
            + " detail = left(EXCLUDED.detail || '; terminal ' || r.terminal_id || ' had uploaded it, refused: '"
            + " || r.reason || ', ' || r.detail, 500), rejected_at = EXCLUDED.rejected_at"
            + " WHERE r.reason <> EXCLUDED.reason")) {
      for (SettlementWrites.Closure closure : closures) {
        insert.setBytes(1, closure.paymentId().serial().value().toByteArray());
        insert.setLong(2, closure.paymentId().counter());
        insert.setString(3, Reason.NO_MERCHANT_RECORD.name());
        insert.setString(4, closure.detail());
        insert.setTimestamp(5, Timestamp.from(now));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  static void insertRejections(Connection connection, List<SettlementWrites.Rejection> rejections, Instant now)
      throws SQLException {
    if (rejections.isEmpty()) {
      return;
    }
    // Only against a credential of the uploading airline's own flight: another airline's junk naming
    // a serial would otherwise sit in that flight's report and take the payment's one rejection row.
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO rejections (serial, counter, reason, detail, terminal_id, rejected_at)"
            + " SELECT c.serial, ?, ?, ?, ?, ? FROM issued_credentials c"
            + " JOIN scheduled_flights f ON f.flight_id = c.flight_id"
            + " WHERE c.serial = ? AND f.airline_id = ? ON CONFLICT DO NOTHING")) {
      for (SettlementWrites.Rejection rejection : rejections) {
        insert.setLong(1, rejection.paymentId().counter());
        insert.setString(2, rejection.reason().name());
        insert.setString(3, rejection.detail().length() > 500 ? rejection.detail().substring(0, 500) : rejection.detail());
        insert.setLong(4, rejection.terminal().terminalId());
        insert.setTimestamp(5, Timestamp.from(now));
        insert.setBytes(6, rejection.paymentId().serial().value().toByteArray());
        insert.setLong(7, rejection.terminal().airlineId());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
