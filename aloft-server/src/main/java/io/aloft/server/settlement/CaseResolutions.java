package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.DisplayText;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.server.account.Account;
import io.aloft.server.account.AccountStatus;
import io.aloft.server.account.Accounts;
import io.aloft.server.airline.Airlines;
import io.aloft.server.audit.AuditLog;
import io.aloft.server.db.Database;
import io.aloft.server.enrolment.Enrolments;
import io.aloft.server.http.Views.MoneyView;
import io.aloft.server.ledger.Entries;
import io.aloft.server.ledger.Entry;
import io.aloft.server.ledger.Ledger;
import io.aloft.server.ledger.PayerFunds;
import io.aloft.server.webhook.EventData;
import io.aloft.server.webhook.EventType;
import io.aloft.server.webhook.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a case with its evidence decoded ({@link CaseEvidence}) and resolves it: the resolution
 * that {@link ResolutionRules} offers for it posts its balanced ledger entry, the payer's funds,
 * arrears and standing follow, the case closes with the note and who did it, the audit log
 * records it and its {@code case.resolved} webhook event is written, all in one transaction. The console and the JSON API both call this.
 *
 * <p>Locks, in settlement's order: the case's credential, then the payer's account, then the
 * case row ({@code FOR NO KEY UPDATE}, so settlement adding evidence to it is not blocked). A
 * closed case is never resolved again; a second submit of the same console form finds the
 * resolution it made.
 */
public final class CaseResolutions {
  public static final int MAX_NOTE_LENGTH = 1000;

  private final Database database;
  private final Ledger ledger;
  private final AuditLog audit;
  private final Clock clock;

  public CaseResolutions(Database database, Ledger ledger, AuditLog audit, Clock clock) {
    this.database = database;
    this.ledger = ledger;
    this.audit = audit;
    this.clock = clock;
  }

  /** What an operator asks for: the resolution, their note, who they are, and what identifies the request. */
  public record Request(Resolution resolution, String note, String actor, String requestId, Optional<String> formToken) {
    public Request {
      Optional<String> problem = noteProblem(note);
      if (problem.isPresent()) {
        throw new IllegalArgumentException(problem.get());
      }
      if (actor == null || requestId == null || formToken == null || resolution == null) {
        throw new IllegalArgumentException("a resolution request names its resolution, actor, request id and form token");
      }
      if (formToken.isPresent() && (formToken.get().isEmpty() || formToken.get().length() > 128)) {
        throw new IllegalArgumentException("formToken must be 1 to 128 characters");
      }
    }
  }

  /** What resolving did. */
  public sealed interface Outcome {
    /** Resolved now. */
    record Resolved(CaseFile file) implements Outcome {}

    record NoSuchCase() implements Outcome {}

    /** Closed before; {@code bySameForm} when it was this very console form, submitted again. */
    record AlreadyClosed(CaseFile file, boolean bySameForm) implements Outcome {}

    /** The case is open but this resolution does not fit it. */
    record DoesNotFit(CaseFile file) implements Outcome {}
  }

  /** Why a note is refused, in words for the caller; empty when it is fine. */
  public static Optional<String> noteProblem(String note) {
    if (note == null || note.isBlank()) {
      return Optional.of("note must say why the case is resolved this way");
    }
    if (note.length() > MAX_NOTE_LENGTH) {
      return Optional.of("note must be at most " + MAX_NOTE_LENGTH + " characters, got " + note.length());
    }
    if (note.codePoints().anyMatch(c -> DisplayText.misleads(c) && c != '\n' && c != '\r')) {
      return Optional.of("note must not contain control or bidirectional-override characters");
    }
    return Optional.empty();
  }

  public Optional<CaseFile> find(long caseId) {
    return database.inTransaction(connection -> {
      Optional<Head> head = head(connection, caseId);
      return head.isEmpty() ? Optional.<CaseFile>empty() : Optional.of(file(connection, head.get()));
    });
  }

  public Outcome resolve(long caseId, Request request) {
    return database.inTransaction(connection -> {
      Optional<Head> found = head(connection, caseId);
      if (found.isEmpty()) {
        return new Outcome.NoSuchCase();
      }
      Enrolments.lock(connection, found.get().serial());
      Account account = Accounts.find(connection, found.get().accountId(), true).orElseThrow(
          () -> new IllegalStateException("case " + caseId + " names no account"));
      Head head = lockCase(connection, caseId);
      if (!head.open()) {
        Optional<String> token = formToken(connection, caseId);
        boolean sameForm = request.formToken().isPresent() && request.formToken().equals(token);
        return new Outcome.AlreadyClosed(file(connection, head), sameForm);
      }
      List<ResolutionRules.Covered> covered = covered(connection, head);
      Optional<ResolutionRules.Offer> offer = offers(head, covered, account).stream()
          .filter(o -> o.resolution() == request.resolution()).findFirst();
      if (offer.isEmpty()) {
        return new Outcome.DoesNotFit(file(connection, head));
      }
      Instant now = clock.instant();
      Optional<Long> entryId = move(connection, account, offer.get(), now);
      close(connection, head, offer.get(), entryId, request, now);
      audit.record(connection, request.actor(), "case.resolved", "case " + caseId, request.resolution().wireName()
          + " " + amount(offer.get()) + "; note: " + request.note().strip(), request.requestId());
      Outbox.record(connection, resolvedEvent(head, offer.get(), entryId), now);
      return new Outcome.Resolved(file(connection, head(connection, caseId).orElseThrow()));
    });
  }

  private static Outbox.Event resolvedEvent(Head head, ResolutionRules.Offer offer, Optional<Long> entryId) {
    return new Outbox.Event(EventType.CASE_RESOLVED, Optional.of(head.airlineId()), new EventData.CaseResolved(
        head.id(), head.kind().wireName(), CaseFile.paymentIdOf(head.kind(), head.serial(), head.counter()),
        head.airlineId(), head.flightId(), offer.resolution().wireName(),
        new MoneyView(offer.payerMinor(), offer.payerCurrency().code()),
        new MoneyView(offer.guaranteeMinor(), offer.guaranteeCurrency().code()), entryId.orElse(null)));
  }

  private static String amount(ResolutionRules.Offer offer) {
    return Money.of(offer.payerMinor(), offer.payerCurrency()).toString();
  }

  // Money.

  /** Posts the offer's entry and writes the payer's funds and standing back; the entry's id, if money moved. */
  private Optional<Long> move(Connection connection, Account account, ResolutionRules.Offer offer, Instant now)
      throws SQLException {
    PayerFunds before = new PayerFunds(account.balance().amountMinor(), account.arrears().amountMinor());
    long writtenOff = account.writtenOff().amountMinor();
    Entry entry;
    PayerFunds after;
    switch (offer.resolution()) {
      case CHARGE_PAYER -> {
        PayerFunds.Charge charge = before.charge(offer.payerMinor());
        entry = Entries.caseCharge(account.id(), offer.payerCurrency(), offer.payerMinor(), charge,
            offer.guaranteeCurrency(), -offer.guaranteeMinor());
        after = charge.after();
      }
      case CREDIT_PAYER -> {
        PayerFunds.Credit credit = before.credit(offer.payerMinor());
        entry = Entries.caseCredit(account.id(), offer.payerCurrency(), credit);
        after = credit.after();
      }
      case WRITE_OFF -> {
        entry = Entries.writeOff(account.id(), offer.payerCurrency(), offer.payerMinor());
        after = new PayerFunds(before.balanceMinor(), before.arrearsMinor() - offer.payerMinor());
        writtenOff = Math.addExact(writtenOff, offer.payerMinor());
      }
      case CONFIRM -> {
        return Optional.empty();
      }
      default -> throw new IllegalStateException("no ledger rule for " + offer.resolution());
    }
    long[] ids = ledger.post(connection, List.of(entry), now);
    updatePayer(connection, account, after, writtenOff, now);
    return Optional.of(ids[0]);
  }

  /**
   * The payer's funds, arrears and written-off debt after a resolution, and their standing as
   * settlement and top-ups decide it: falling into debt sets in_arrears (an episode, and offline
   * use suspended: their credentials revoked), paying off everything owed clears it; a suspension
   * stays.
   */
  private static void updatePayer(Connection connection, Account account, PayerFunds after, long writtenOffMinor,
      Instant now) throws SQLException {
    boolean owedBefore = account.owesDebt();
    boolean owesAfter = after.inArrears() || writtenOffMinor > 0;
    AccountStatus status = account.status().afterDebt(owedBefore, owesAfter);
    boolean fell = !owedBefore && owesAfter;
    Accounts.storeResolution(connection, account.id(), after, writtenOffMinor, status, fell, owesAfter, now);
    if (fell) {
      Enrolments.suspendOfflineUse(connection, List.of(account.id()), now);
      Outbox.record(connection, new Outbox.Event(EventType.ACCOUNT_IN_ARREARS, Optional.empty(),
          new EventData.AccountInArrears(account.id(), new MoneyView(after.arrearsMinor(), account.currency().code()))),
          now);
    }
  }

  private static void close(Connection connection, Head head, ResolutionRules.Offer offer, Optional<Long> entryId,
      Request request, Instant now) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO case_resolutions (case_id, resolution, note, resolved_by, resolved_at, request_id, form_token,"
            + " payer_minor, payer_currency, guarantee_minor, guarantee_currency, ledger_entry_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, head.id());
      insert.setString(2, offer.resolution().wireName());
      insert.setString(3, request.note().strip());
      insert.setString(4, request.actor());
      insert.setTimestamp(5, Timestamp.from(now));
      insert.setString(6, request.requestId());
      insert.setString(7, request.formToken().orElse(null));
      insert.setLong(8, offer.payerMinor());
      insert.setString(9, offer.payerCurrency().code());
      insert.setLong(10, offer.guaranteeMinor());
      insert.setString(11, offer.guaranteeCurrency().code());
      if (entryId.isPresent()) {
        insert.setLong(12, entryId.get());
      } else {
        insert.setNull(12, Types.BIGINT);
      }
      insert.executeUpdate();
    }
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE cases SET status = 'closed' WHERE id = ? AND status = 'open'")) {
      update.setLong(1, head.id());
      if (update.executeUpdate() != 1) {
        throw new IllegalStateException("case " + head.id() + " closed under its lock");
      }
    }
  }

  // Reading.

  /** The case row and what it needs from its credential and account. */
  record Head(long id, CaseKind kind, String status, CredentialSerial serial, long counter, long refundSequence,
      long flightId, long airlineId, long accountId, Long terminalId, Instant createdAt, Bytes authorization,
      Bytes request, Bytes receipt, Bytes note, CurrencyUnit payerCurrency, long totalLimitMinor) {
    boolean open() {
      return status.equals("open");
    }

    /** Double spends cover every acceptance of the credential; other cases those of their counter. */
    boolean wholeCredential() {
      return kind.revokesCredential();
    }
  }

  private static final String HEAD = "SELECT id, kind, status, serial, counter, refund_sequence, flight_id, airline_id,"
      + " account_id, terminal_id, created_at, authorization_bytes, request_bytes, receipt_bytes, note_bytes"
      + " FROM cases WHERE id = ?";

  /** The case row, with its flight's airline, its payer's currency and its credential's total limit. */
  private static Optional<Head> head(Connection connection, long caseId) throws SQLException {
    return readHead(connection, HEAD, caseId);
  }

  private static Head lockCase(Connection connection, long caseId) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT 1 FROM cases WHERE id = ? FOR NO KEY UPDATE")) {
      lock.setLong(1, caseId);
      lock.executeQuery().close();
    }
    return head(connection, caseId).orElseThrow();
  }

  private static Optional<Head> readHead(Connection connection, String sql, long caseId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, caseId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        long flightId = row.getLong(7);
        long airline = row.getLong(8);
        long airlineId = row.wasNull() ? Airlines.airlineOfFlight(connection, flightId) : airline;
        long accountId = row.getLong(9);
        long terminal = row.getLong(10);
        Long terminalId = row.wasNull() ? null : terminal;
        CredentialSerial serial = new CredentialSerial(Bytes.of(row.getBytes(4)));
        return Optional.of(new Head(row.getLong(1), CaseKind.valueOf(row.getString(2).toUpperCase(Locale.ROOT)),
            row.getString(3), serial, row.getLong(5), row.getLong(6), flightId, airlineId, accountId, terminalId,
            row.getTimestamp(11).toInstant(), bytes(row.getBytes(12)), bytes(row.getBytes(13)),
            bytes(row.getBytes(14)), bytes(row.getBytes(15)), Accounts.currencyOf(connection, accountId),
            Enrolments.totalLimitMinor(connection, serial).orElse(Long.MAX_VALUE)));
      }
    }
  }

  private static Optional<String> formToken(Connection connection, long caseId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT form_token FROM case_resolutions WHERE case_id = ?")) {
      select.setLong(1, caseId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
      }
    }
  }

  private static List<ResolutionRules.Offer> offers(Head head, List<ResolutionRules.Covered> covered, Account account) {
    return ResolutionRules.offers(head.kind(), head.open(), covered, head.payerCurrency(), head.totalLimitMinor(),
        account.arrears().amountMinor());
  }

  /** The settled acceptances the case covers, at most {@link CaseEvidence#MAX_ACCEPTANCES}. */
  private static List<ResolutionRules.Covered> covered(Connection connection, Head head) throws SQLException {
    return CaseEvidence.settled(connection, head).stream().map(CaseEvidence.SettledRow::covered).toList();
  }

  private CaseFile file(Connection connection, Head head) throws SQLException {
    List<CaseEvidence.SettledRow> settled = CaseEvidence.settled(connection, head);
    List<CaseFile.Offer> offers = new ArrayList<>();
    if (head.open()) {
      Account account = Accounts.find(connection, head.accountId(), false).orElseThrow();
      for (ResolutionRules.Offer offer : offers(head, settled.stream().map(CaseEvidence.SettledRow::covered).toList(),
          account)) {
        offers.add(new CaseFile.Offer(offer.resolution().wireName(), offer.payerMinor(), offer.payerCurrency().code(),
            offer.guaranteeMinor(), offer.guaranteeCurrency().code()));
      }
    }
    String paymentId = CaseFile.paymentIdOf(head.kind(), head.serial(), head.counter());
    return new CaseFile(head.id(), head.kind().wireName(), head.status(), paymentId, head.serial().value().hex(),
        head.counter(), head.refundSequence(), head.flightId(), head.airlineId(), head.accountId(), head.terminalId(),
        head.createdAt().toString(), head.payerCurrency().code(), CaseEvidence.acceptances(connection, head, settled),
        CaseEvidence.notes(connection, head), offers, closed(connection, head.id()).orElse(null));
  }

  private static Optional<CaseFile.Closed> closed(Connection connection, long caseId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT resolution, note, resolved_by, resolved_at, request_id, payer_minor, payer_currency, guarantee_minor,"
            + " guarantee_currency, ledger_entry_id FROM case_resolutions WHERE case_id = ?")) {
      select.setLong(1, caseId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        long entry = row.getLong(10);
        Long entryId = row.wasNull() ? null : entry;
        return Optional.of(new CaseFile.Closed(row.getString(1), row.getString(2), row.getString(3),
            row.getTimestamp(4).toInstant().toString(), row.getString(5), row.getLong(6), row.getString(7),
            row.getLong(8), row.getString(9), entryId));
      }
    }
  }

  private static Bytes bytes(byte[] value) {
    return value == null ? Bytes.empty() : Bytes.of(value);
  }
}
