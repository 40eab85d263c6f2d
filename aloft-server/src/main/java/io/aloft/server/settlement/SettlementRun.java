package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Digests;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.rules.AcceptedPayment;
import io.aloft.protocol.rules.Reason;
import io.aloft.server.airline.Terminals;
import io.aloft.server.ledger.Entry;
import io.aloft.server.ledger.Ledger;
import io.aloft.server.ledger.PayerFunds;
import io.aloft.server.webhook.Outbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The second half of settlement: one database transaction over one upload. It locks the
 * credentials involved (ascending serial) and their payers' accounts (ascending id), reads what
 * has settled for them, lets {@link SettlementRules} decide each item in upload order, and writes
 * everything set-based before the caller commits. Any failure rolls the whole upload back, so an
 * upload is settled completely or not at all, and a resend finishes the job.
 */
final class SettlementRun {
  private final Connection connection;
  private final Uploader uploader;
  private final SettlementPolicy policy;
  private final BundleSource bundles;
  private final Instant now;
  private final Duration settlementWindow;
  private final Map<CredentialSerial, CredentialState> states;
  private final Map<Long, Payer> payers;
  private final SettlementWrites writes = new SettlementWrites();

  private SettlementRun(Connection connection, Uploader uploader, SettlementPolicy policy, BundleSource bundles,
      Instant now, Duration settlementWindow, Map<CredentialSerial, CredentialState> states,
      Map<Long, Payer> payers) {
    this.connection = connection;
    this.uploader = uploader;
    this.policy = policy;
    this.bundles = bundles;
    this.now = now;
    this.settlementWindow = settlementWindow;
    this.states = states;
    this.payers = payers;
  }

  /** What a run decided, the webhook events of its effects, and the instant it decided at. */
  record Decided(List<Result> results, List<Outbox.Event> events, Instant at) {}

  /**
   * @param clock read once, after the locks are held: an upload that waited for another one of the
   *     same credential decides at an instant after it, so the settlement window cannot close
   *     between a wallet's closing upload and a terminal upload decided as if it were still open
   */
  static Decided run(Connection connection, Ledger ledger, Uploader uploader, List<Checked> checked,
      SettlementPolicy policy, BundleSource bundles, Clock clock, Duration settlementWindow)
      throws SQLException {
    Set<CredentialSerial> serials = new LinkedHashSet<>();
    for (Checked item : checked) {
      serialOf(item).ifPresent(serials::add);
    }
    Map<CredentialSerial, CredentialState> states = SettlementStore.lockCredentials(connection, serials);
    boolean refunds = checked.stream().anyMatch(Checked.RefundClaim.class::isInstance);
    SettlementStore.loadSettled(connection, states, refunds);
    Map<Long, Payer> payers = SettlementStore.lockPayers(connection,
        states.values().stream().map(s -> s.credential().accountId()).toList());
    Instant now = clock.instant();
    SettlementRun run = new SettlementRun(connection, uploader, policy, bundles, now, settlementWindow, states, payers);
    List<Result> results = new ArrayList<>(checked.size());
    for (Checked item : checked) {
      results.add(run.decide(item));
    }
    return new Decided(results, run.writes.flush(connection, ledger, uploader, payers.values(), now), now);
  }

  private static Optional<CredentialSerial> serialOf(Checked item) {
    if (item instanceof Checked.Verified verified) {
      return Optional.of(verified.paymentId().serial());
    }
    if (item instanceof Checked.Unconfirmed bill) {
      return Optional.of(bill.authorization().serial());
    }
    if (item instanceof Checked.RefundClaim claim) {
      return Optional.of(claim.note().paymentId().serial());
    }
    return Optional.empty();
  }

  private Result decide(Checked item) throws SQLException {
    if (item instanceof Checked.Refused refused) {
      return refuse(refused);
    }
    if (item instanceof Checked.Unconfirmed bill) {
      return unconfirmed(bill);
    }
    if (item instanceof Checked.Verified payment) {
      return verified(payment);
    }
    return refund((Checked.RefundClaim) item);
  }

  private Result refuse(Checked.Refused refused) {
    if (uploader instanceof Uploader.Terminal terminal && refused.paymentId().isPresent()
        && refused.submission() instanceof Submission.Payment) {
      writes.rejection(refused.paymentId().get(), refused.reason(), refused.detail(), terminal);
    }
    return Result.rejected(refused.submission(), refused.paymentId(), 0, refused.reason(), refused.detail());
  }

  private Result unconfirmed(Checked.Unconfirmed bill) {
    CredentialState state = states.get(bill.authorization().serial());
    PaymentId id = bill.authorization().paymentId();
    Optional<SettlementRules.PaymentDecision> decision = SettlementRules.decideUnconfirmed(bill, state, now,
        settlementWindow);
    if (decision.isEmpty()) {
      return Result.payment(bill.submission(), Optional.of(id), SettlementOutcome.PENDING, Optional.empty(),
          state.at(id.counter()).isEmpty() ? "waiting for the terminal's upload (no receipt)"
              : "no terminal has uploaded this payment; another payment with this counter settled");
    }
    if (decision.get() instanceof SettlementRules.PaymentDecision.Reject closed) {
      if (!state.windowClosedOn(id.counter())) {
        state.closeWindowOn(id.counter());
        writes.closure(id, closed.detail());
      }
      return Result.rejected(bill.submission(), Optional.of(id), 0, closed.reason(), closed.detail());
    }
    SettledPayment settled = ((SettlementRules.PaymentDecision.Duplicate) decision.get()).settled();
    return Result.payment(bill.submission(), Optional.of(id), SettlementOutcome.DUPLICATE,
        Optional.of(settled.charged()), "settled before");
  }

  private Result verified(Checked.Verified payment) throws SQLException {
    CredentialState state = states.get(payment.paymentId().serial());
    Optional<PaymentId> id = Optional.of(payment.paymentId());
    long terminalId = payment.receipt().terminalId();
    SettlementRules.PaymentDecision decision = SettlementRules.decide(payment, state);
    if (decision instanceof SettlementRules.PaymentDecision.Settle settle) {
      return settle(payment, state, settle);
    }
    if (decision instanceof SettlementRules.PaymentDecision.Duplicate duplicate) {
      return Result.payment(payment.submission(), id, SettlementOutcome.DUPLICATE,
          Optional.of(duplicate.settled().charged()), "settled before");
    }
    if (decision instanceof SettlementRules.PaymentDecision.Lower lower) {
      return lower(payment, state, lower.settled());
    }
    if (decision instanceof SettlementRules.PaymentDecision.OtherReceipt other) {
      SettledPayment settled = other.settled();
      openCase(receiptCase(payment, state, settled, "terminal " + terminalId + " signed a receipt charging "
          + payment.accepted().charged() + " after one charging " + settled.charged() + " settled"), state);
      return Result.payment(payment.submission(), id, SettlementOutcome.CONFLICT, Optional.of(settled.charged()),
          "another receipt of this terminal settled this payment for " + settled.charged() + "; a case is open");
    }
    SettlementRules.PaymentDecision.Reject reject = (SettlementRules.PaymentDecision.Reject) decision;
    if (uploader instanceof Uploader.Terminal terminal) {
      writes.rejection(payment.paymentId(), reject.reason(), reject.detail(), terminal);
    }
    return Result.rejected(payment.submission(), id, 0, reject.reason(), reject.detail());
  }

  private Result settle(Checked.Verified payment, CredentialState state, SettlementRules.PaymentDecision.Settle settle) {
    AcceptedPayment accepted = payment.accepted();
    StoredCredential credential = state.credential();
    Payer payer = payers.get(credential.accountId());
    long fee = SettlementRules.fee(accepted.charged(), policy.merchantFeeBasisPoints());
    SettledPayment settled = new SettledPayment(payment.paymentId(), payment.contentDigest(),
        payment.receipt().terminalId(), accepted.terminal().merchantId(), credential.flightId(), credential.accountId(),
        payment.bundleVersion(), accepted.cumulative().amountMinor(), accepted.signedCharge().amountMinor(),
        accepted.charged(), accepted.chargedInCredentialCurrency(), fee, 0, 0, payment.submission().receipt(),
        settle.payerFunded());
    state.add(settled);
    if (settle.payerFunded()) {
      PayerFunds.Charge charge = payer.funds.charge(accepted.chargedInCredentialCurrency().amountMinor());
      payer.funds = charge.after();
      payer.settledPayments++;
      writes.payment(settled, payment, charge.shortfallMinor(), SettlementRules.paymentEntry(settled, charge));
    } else {
      writes.payment(settled, payment, 0, SettlementRules.guaranteeEntry(settled));
      moveThePayersCharge(state, settled);
    }
    if (settle.replay()) {
      openCase(CaseDraft.merged(CaseKind.REPLAY, payment.paymentId().serial(), payment.paymentId().counter(), credential,
          "one authorization accepted by more than one terminal; each merchant is paid, the payer is charged once"),
          state);
    }
    settle.doubleSpend().ifPresent(why -> doubleSpend(state, why));
    return Result.payment(payment.submission(), Optional.of(payment.paymentId()), SettlementOutcome.SETTLED,
        Optional.of(accepted.charged()), settle.detail());
  }

  /**
   * Opens the credential's one double spend case; the upload that opens it suspends the account's
   * offline payment and revokes its credentials (SettlementStore.suspendForDoubleSpend), later
   * ones add their evidence to it.
   */
  private void doubleSpend(CredentialState state, String why) {
    if (state.doubleSpentNow()) {
      return;
    }
    state.doubleSpendNow();
    StoredCredential credential = state.credential();
    openCase(CaseDraft.merged(CaseKind.DOUBLE_SPEND, state.serial(), 0, credential, why), state);
  }

  /**
   * After an acceptance of an authorization settled or changed, the payer is charged for the one
   * that costs them least ({@link SettlementRules#payerFundingMove}); when that is another one
   * now, the charge moves in a correction entry.
   */
  private void moveThePayersCharge(CredentialState state, SettledPayment changed) {
    Optional<SettlementRules.Move> move = SettlementRules.payerFundingMove(state.at(changed.id().counter()),
        changed.contentDigest());
    if (move.isEmpty()) {
      return;
    }
    SettledPayment from = move.get().from();
    SettledPayment to = move.get().to();
    Payer payer = payers.get(from.accountId());
    PayerFunds.Credit credit = payer.funds.credit(
        Math.subtractExact(from.payerCharged().amountMinor(), to.payerCharged().amountMinor()));
    payer.funds = credit.after();
    SettledPayment nowGuaranteed = from.withPayerFunded(false);
    SettledPayment nowPayerFunded = to.withPayerFunded(true);
    state.replace(nowGuaranteed);
    state.replace(nowPayerFunded);
    writes.funding(nowGuaranteed, nowPayerFunded, SettlementRules.payerFundingMoveEntry(move.get(), credit));
  }

  /**
   * The terminal that settled this payment signed this lower receipt for it too: it is charged
   * the lower amount (the difference comes back in a correction entry, to the payer or to the
   * guarantee, whoever funds it) and a case shows the operator both receipts.
   */
  private Result lower(Checked.Verified payment, CredentialState state, SettledPayment before)
      throws SQLException {
    AcceptedPayment accepted = payment.accepted();
    long fee = SettlementRules.fee(accepted.charged(), policy.merchantFeeBasisPoints());
    SettledPayment after = before.withCharge(accepted.charged(), accepted.chargedInCredentialCurrency(),
        Math.min(fee, before.feeMinor()), payment.submission().receipt());
    state.replace(after);
    if (before.payerFunded()) {
      Payer payer = payers.get(before.accountId());
      PayerFunds.Credit credit = payer.funds.credit(
          Math.subtractExact(before.payerCharged().amountMinor(), after.payerCharged().amountMinor()));
      payer.funds = credit.after();
      writes.correction(after, SettlementRules.correctionEntry(before, after, credit));
    } else {
      writes.correction(after, SettlementRules.guaranteeCorrectionEntry(before, after));
      moveThePayersCharge(state, after);
    }
    openCase(receiptCase(payment, state, before, "terminal " + before.terminalId() + " signed receipts charging "
        + before.charged() + " and " + after.charged() + " for one payment; charged " + after.charged()), state);
    return Result.payment(payment.submission(), Optional.of(payment.paymentId()), SettlementOutcome.SETTLED,
        Optional.of(after.charged()), "charged the lower of two receipts this terminal signed; a case is open");
  }

  private CaseDraft receiptCase(Checked.Verified payment, CredentialState state, SettledPayment settled,
      String detail) throws SQLException {
    Bytes receipt = settled.receipt().isEmpty() ? SettlementStore.storedReceipt(connection, settled.id(),
        settled.terminalId()) : settled.receipt();
    return CaseDraft.forPayment(CaseKind.RECEIPT_CONFLICT, payment.submission(), payment.paymentId(),
        state.credential(), settled.airlineId(), settled.terminalId(), detail,
        Bytes.of(Digests.sha256(receipt.toByteArray())));
  }

  private void openCase(CaseDraft draft, CredentialState state) {
    writes.openCase(draft);
    if (draft.kind().revokesCredential() && !state.revokedNow()) {
      state.revokeNow();
      writes.revoke(state.serial());
    }
  }

  private Result refund(Checked.RefundClaim claim) throws SQLException {
    RefundNote note = claim.note();
    PaymentId id = note.paymentId();
    CredentialState state = states.get(id.serial());
    if (state == null || uploader instanceof Uploader.Wallet wallet && wallet.accountId() != state.credential().accountId()) {
      return Result.rejected(claim.submission(), Optional.of(id), note.refundSequence(), Reason.UNKNOWN_CREDENTIAL,
          "the issuer holds no such credential" + (state == null ? "" : " of this account"));
    }
    Optional<SettledPayment> payment = state.at(id.counter(), note.terminalId());
    Receipt receipt = null;
    TrustBundle bundle = null;
    if (payment.isPresent()) {
      receipt = decodeStoredReceipt(payment.get());
      bundle = bundles.version(payment.get().flightId(), payment.get().bundleVersion()).orElseThrow(
          () -> new IllegalStateException("bundle of settled payment " + id + " is gone"));
    }
    SettlementRules.RefundDecision decision = SettlementRules.decideRefund(note, claim.noteDigest(), payment,
        state.refund(id.counter(), note.terminalId(), note.refundSequence()), receipt, bundle, uploader);
    if (decision instanceof SettlementRules.RefundDecision.Settle) {
      decision = SettlementRules.refuseNoteOutOfBounds(note, state.credential().credential(),
          Terminals.isRevoked(connection, note.terminalId()), policy.acceptance().maxClockSkew()).orElse(decision);
    }
    return refundResult(claim, state, payment, decision);
  }

  private Result refundResult(Checked.RefundClaim claim, CredentialState state, Optional<SettledPayment> payment,
      SettlementRules.RefundDecision decision) {
    RefundNote note = claim.note();
    PaymentId id = note.paymentId();
    long sequence = note.refundSequence();
    if (decision instanceof SettlementRules.RefundDecision.Settle settle) {
      return settleRefund(claim, state, payment.orElseThrow(), settle);
    }
    if (decision instanceof SettlementRules.RefundDecision.Duplicate) {
      return Result.refund(claim.submission(), id, sequence, SettlementOutcome.DUPLICATE,
          Optional.of(note.amount()), "refunded before");
    }
    if (decision instanceof SettlementRules.RefundDecision.Conflict) {
      writes.openCase(CaseDraft.forRefund(claim.submission(), id, sequence, state.credential(), note.terminalId(),
          state.refund(id.counter(), note.terminalId(), sequence).orElseThrow()));
      return Result.refund(claim.submission(), id, sequence, SettlementOutcome.CONFLICT, Optional.empty(),
          "another refund note with this sequence settled");
    }
    if (decision instanceof SettlementRules.RefundDecision.Pending) {
      return Result.refund(claim.submission(), id, sequence, SettlementOutcome.PENDING, Optional.empty(),
          "the payment has not settled yet");
    }
    SettlementRules.RefundDecision.Reject reject = (SettlementRules.RefundDecision.Reject) decision;
    return Result.rejected(claim.submission(), Optional.of(id), sequence, reject.reason(), reject.detail());
  }

  private Result settleRefund(Checked.RefundClaim claim, CredentialState state, SettledPayment payment,
      SettlementRules.RefundDecision.Settle settle) {
    RefundNote note = claim.note();
    long refundMinor = note.amount().amountMinor();
    SettledPayment after = payment.withRefund(refundMinor, settle.payerAmountMinor());
    state.replace(after);
    state.addRefund(payment.id().counter(), payment.terminalId(), note.refundSequence(), claim.noteDigest());
    if (payment.payerFunded()) {
      Payer payer = payers.get(payment.accountId());
      PayerFunds.Credit credit = payer.funds.credit(settle.payerAmountMinor());
      payer.funds = credit.after();
      writes.refund(after, claim, settle.payerAmountMinor(),
          SettlementRules.refundEntry(payment, note.refundSequence(), refundMinor, credit));
    } else {
      writes.refund(after, claim, 0, SettlementRules.guaranteeRefundEntry(payment, note.refundSequence(), refundMinor));
    }
    return Result.refund(claim.submission(), note.paymentId(), note.refundSequence(), SettlementOutcome.SETTLED,
        Optional.of(note.amount()), "refunded");
  }

  private static Receipt decodeStoredReceipt(SettledPayment payment) {
    try {
      return Receipt.decode(payment.receipt().toByteArray());
    } catch (DecodeException e) {
      throw new IllegalStateException("stored receipt of " + payment.id() + " does not decode", e);
    }
  }
}
