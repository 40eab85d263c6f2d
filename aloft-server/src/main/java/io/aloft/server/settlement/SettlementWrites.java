package io.aloft.server.settlement;

import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.rules.Reason;
import io.aloft.server.enrolment.Enrolments;
import io.aloft.server.http.Views.MoneyView;
import io.aloft.server.ledger.Entry;
import io.aloft.server.ledger.EntryKind;
import io.aloft.server.ledger.Ledger;
import io.aloft.server.webhook.EventData;
import io.aloft.server.webhook.EventType;
import io.aloft.server.webhook.Outbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one settlement run will write, gathered while it decides and written in a handful of
 * batched statements at the end: ledger entries first (payments and refunds point at them).
 *
 * <p>The run posts one ledger entry per kind (its payments, its refunds, its corrections), each
 * the sum of the entries of its items, not one entry per item: see docs/settlement.md, "One entry
 * per upload".
 */
final class SettlementWrites {
  record NewPayment(SettledPayment settled, Checked.Verified verified, long shortfallMinor, int entryIndex) {}

  record NewRefund(SettledPayment paymentAfter, Checked.RefundClaim claim, long payerAmountMinor, int entryIndex) {}

  /** A settled payment's charge lowered; {@code paymentAfter} is what the row now says. */
  record Correction(SettledPayment paymentAfter, int entryIndex) {}

  /** A refusal of a payment uploaded by {@code terminal}; recorded only when the payment's flight is its airline's. */
  record Rejection(PaymentId paymentId, Reason reason, String detail, Uploader.Terminal terminal) {}

  /** A wallet's bill the settlement window closed on with no merchant record of it settled. */
  record Closure(PaymentId paymentId, String detail) {}

  final List<Entry> entries = new ArrayList<>();
  final List<NewPayment> payments = new ArrayList<>();
  final List<NewRefund> refunds = new ArrayList<>();
  final List<Correction> corrections = new ArrayList<>();
  final List<CaseDraft> cases = new ArrayList<>();
  final Set<CredentialSerial> revocations = new LinkedHashSet<>();
  final List<Rejection> rejections = new ArrayList<>();
  final List<Closure> closures = new ArrayList<>();
  /** Acceptances whose funding (payer or guarantee) moved, as they are now. */
  final List<SettledPayment> fundingChanges = new ArrayList<>();
  /** Serials whose replay or double spend cases may have new evidence. */
  final Set<CredentialSerial> evidence = new LinkedHashSet<>();

  void payment(SettledPayment settled, Checked.Verified verified, long shortfallMinor, Entry entry) {
    evidence.add(settled.id().serial());
    entries.add(entry);
    payments.add(new NewPayment(settled, verified, shortfallMinor, entries.size() - 1));
  }

  void refund(SettledPayment paymentAfter, Checked.RefundClaim claim, long payerAmountMinor, Entry entry) {
    entries.add(entry);
    refunds.add(new NewRefund(paymentAfter, claim, payerAmountMinor, entries.size() - 1));
  }

  void correction(SettledPayment paymentAfter, Entry entry) {
    entries.add(entry);
    corrections.add(new Correction(paymentAfter, entries.size() - 1));
  }

  /** The payer's charge moved from {@code nowGuaranteed} to {@code nowPayerFunded} (a correction entry). */
  void funding(SettledPayment nowGuaranteed, SettledPayment nowPayerFunded, Optional<Entry> entry) {
    entry.ifPresent(entries::add);
    fundingChanges.add(nowGuaranteed);
    fundingChanges.add(nowPayerFunded);
  }

  void openCase(CaseDraft draft) {
    cases.add(draft);
  }

  void revoke(CredentialSerial serial) {
    revocations.add(serial);
  }

  /** The settlement window closed on a wallet's bill: {@code NO_MERCHANT_RECORD}, final. */
  void closure(PaymentId paymentId, String detail) {
    closures.add(new Closure(paymentId, detail));
  }

  void rejection(PaymentId paymentId, Reason reason, String detail, Uploader.Terminal terminal) {
    rejections.add(new Rejection(paymentId, reason, detail, terminal));
  }

  /** Posts one entry per kind, the sum of that kind's item entries; returns each item entry's posted id. */
  private long[] postSummed(Connection connection, Ledger ledger, Instant now) throws SQLException {
    Map<EntryKind, List<Integer>> byKind = new EnumMap<>(EntryKind.class);
    for (int i = 0; i < entries.size(); i++) {
      byKind.computeIfAbsent(entries.get(i).kind(), kind -> new ArrayList<>()).add(i);
    }
    List<Entry> sums = new ArrayList<>(byKind.size());
    for (List<Integer> items : byKind.values()) {
      sums.add(Entry.sumOf(items.stream().map(entries::get).toList()));
    }
    long[] sumIds = ledger.post(connection, sums, now);
    long[] entryIds = new long[entries.size()];
    int sum = 0;
    for (List<Integer> items : byKind.values()) {
      for (int item : items) {
        entryIds[item] = sumIds[sum];
      }
      sum++;
    }
    return entryIds;
  }

  /**
   * Writes everything; returns the webhook events of what the run settled and opened, which the
   * caller records with the upload's own event in one write.
   */
  List<Outbox.Event> flush(Connection connection, Ledger ledger, Uploader uploader, Collection<Payer> payers,
      Instant now) throws SQLException {
    long[] entryIds = postSummed(connection, ledger, now);
    SettlementStore.insertPayments(connection, payments, entryIds, uploader, now);
    SettlementStore.insertRefunds(connection, refunds, entryIds, uploader, now);
    SettlementStore.updateCharges(connection, corrections);
    SettlementStore.updateFunding(connection, fundingChanges);
    SettlementStore.updatePayers(connection, payers, now);
    List<SettlementStore.OpenedCase> opened = SettlementStore.insertCases(connection, cases, now);
    List<Long> doubleSpenders = opened.stream().filter(c -> c.draft().kind() == CaseKind.DOUBLE_SPEND)
        .map(c -> c.draft().accountId()).toList();
    Enrolments.revoke(connection, revocations, now);
    SettlementStore.suspendForDoubleSpend(connection, doubleSpenders, now);
    SettlementStore.addCaseEvidence(connection, evidence, now);
    SettlementStore.insertRejections(connection, rejections, now);
    SettlementStore.closeWindows(connection, closures, now);
    return events(opened);
  }

  /** The webhook events of what this run settled and opened ({@code account.in_arrears}: SettlementStore.updatePayers). */
  private List<Outbox.Event> events(List<SettlementStore.OpenedCase> opened) {
    List<Outbox.Event> events = new ArrayList<>(payments.size() + opened.size());
    for (NewPayment payment : payments) {
      SettledPayment settled = payment.settled();
      events.add(new Outbox.Event(EventType.PAYMENT_SETTLED, Optional.of(settled.airlineId()),
          new EventData.PaymentSettled(settled.id().toString(), settled.airlineId(), settled.flightId(),
              settled.terminalId(), MoneyView.of(settled.charged()),
              new MoneyView(settled.feeMinor(), settled.charged().currency().code()))));
    }
    for (SettlementStore.OpenedCase open : opened) {
      CaseDraft draft = open.draft();
      events.add(new Outbox.Event(EventType.CASE_OPENED, Optional.of(draft.airlineId()), new EventData.CaseOpened(
          open.id(), draft.kind().wireName(), CaseFile.paymentIdOf(draft.kind(), draft.serial(), draft.counter()),
          draft.airlineId(), draft.flightId(), draft.terminalId() == 0 ? null : draft.terminalId())));
    }
    return events;
  }
}
