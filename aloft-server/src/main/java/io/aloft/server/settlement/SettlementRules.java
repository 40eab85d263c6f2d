package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.NoteRules;
import io.aloft.protocol.rules.PaymentRules;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.SeenPayment;
import io.aloft.protocol.rules.Verdict;
import io.aloft.server.ledger.AccountKey;
import io.aloft.server.ledger.AccountKind;
import io.aloft.server.ledger.Entry;
import io.aloft.server.ledger.EntryKind;
import io.aloft.server.ledger.PayerFunds;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The settlement rules, in one place and pure: what happens to a payment or refund given what
 * has already settled for its credential, and which ledger lines it posts. Storage and HTTP call
 * these; nothing here reads a clock, a database or the network.
 *
 * <p>Liability (docs/settlement.md): every payment a terminal accepted by the protocol's rules
 * under a fresh enough bundle ({@link Checked.Verified}) is paid to its merchant, whatever else
 * settled and in whatever order. The payer is charged once per distinct authorization their key
 * signed; a further acceptance of the same authorization at another terminal (a replayed code)
 * is paid from the provider's guarantee account. What only the server can see — two contents
 * under one counter, cumulative spend that does not add up across terminals, settled spend over
 * the total limit — is a double spend: paid all the same, and the account is suspended. A payment
 * that broke the rules as its own terminal saw them is rejected.
 */
public final class SettlementRules {
  private SettlementRules() {}

  /** What to do with a verified payment. */
  public sealed interface PaymentDecision {
    /**
     * Pay its merchant. {@code payerFunded}: the first acceptance of this authorization, charged
     * to the payer; otherwise the guarantee account pays (and {@code replay}: the same code was
     * accepted by another terminal). {@code doubleSpend} says why the server sees a double spend.
     */
    record Settle(boolean payerFunded, boolean replay, Optional<String> doubleSpend, String detail)
        implements PaymentDecision {}

    /** The same payment (same content, same terminal, same charge) settled before. */
    record Duplicate(SettledPayment settled) implements PaymentDecision {}

    /**
     * The terminal that settled this payment also signed this lower receipt for it (a cap code
     * charged twice over): it is charged the lower amount, and a case is opened.
     */
    record Lower(SettledPayment settled) implements PaymentDecision {}

    /**
     * The terminal signed another receipt for a settled payment that this one cannot lower: it
     * charges more, refunds have already settled against the charge, or (across currencies, at
     * another bundle's FX rate) it would not cost the payer less. Not charged; a case is opened.
     */
    record OtherReceipt(SettledPayment settled) implements PaymentDecision {}

    /** The terminal broke the rules with what it had itself accepted of this credential. */
    record Reject(Reason reason, String detail) implements PaymentDecision {}
  }

  public static PaymentDecision decide(Checked.Verified payment, CredentialState state) {
    long counter = payment.paymentId().counter();
    long terminalId = payment.receipt().terminalId();
    if (state.windowClosedOn(counter)) {
      return new PaymentDecision.Reject(Reason.NO_MERCHANT_RECORD, "the settlement window closed on this payment"
          + " before this upload: its wallet was told it is not charged, so nothing settles under counter " + counter);
    }
    Optional<SettledPayment> ofThisTerminal = state.at(counter, terminalId);
    if (ofThisTerminal.isPresent()) {
      return sameTerminal(payment, ofThisTerminal.get());
    }
    SeenPayment seen = payment.accepted().asSeen();
    Verdict<SeenPayment> own = PaymentRules.checkHistory(seen, state.ofTerminal(terminalId));
    if (own instanceof Verdict.Rejected<SeenPayment> rejected) {
      return new PaymentDecision.Reject(rejected.reason(),
          "terminal " + terminalId + " had itself accepted conflicting payments: " + rejected.detail());
    }
    List<SettledPayment> here = state.at(counter);
    boolean sameAuthorization = here.stream().anyMatch(p -> p.contentDigest().equals(payment.contentDigest()));
    boolean otherContent = here.stream().anyMatch(p -> !p.contentDigest().equals(payment.contentDigest()));
    Optional<String> doubleSpend = Optional.empty();
    if (otherContent) {
      doubleSpend = Optional.of("two different payments signed with counter " + counter);
    } else if (here.isEmpty()) {
      Verdict<SeenPayment> global = PaymentRules.checkHistory(seen, state.global());
      if (global instanceof Verdict.Rejected<SeenPayment> rejected) {
        doubleSpend = Optional.of("cumulative spend does not add up across terminals: " + rejected.detail());
      }
    }
    if (!sameAuthorization) {
      long total = state.settledSignedTotalMinor() + seen.signedChargeMinor();
      long limit = state.credential().credential().totalLimitMinor();
      if (doubleSpend.isEmpty() && total > limit) {
        doubleSpend = Optional.of("spend settled across terminals " + total + " is above the total limit " + limit);
      }
      return new PaymentDecision.Settle(true, false, doubleSpend,
          doubleSpend.map(why -> "settled; a double spend: " + why).orElse("settled"));
    }
    return new PaymentDecision.Settle(false, true, doubleSpend,
        "settled from the provider's guarantee: this authorization was also accepted by another terminal,"
            + " and the payer is charged for it once");
  }

  /**
   * A wallet's bill the issuer holds no receipt for. A settled acceptance of the same
   * authorization decides it ({@code DUPLICATE}). Otherwise it waits ({@code PENDING}, empty) until
   * the credential's settlement window closes ({@link #windowClosesAt}); from then on, with still
   * no merchant record of it settled, it is {@code REJECTED} {@code NO_MERCHANT_RECORD} and the
   * caller closes its counter, so that no later upload settles it. A bill moves no money, so
   * answering it never depends on the order of uploads within the window.
   *
   * @param now read under the credential's lock, after every upload that locked it before
   */
  public static Optional<PaymentDecision> decideUnconfirmed(Checked.Unconfirmed bill, CredentialState state,
      Instant now, Duration window) {
    long counter = bill.authorization().counter();
    List<SettledPayment> same = state.at(counter).stream()
        .filter(p -> p.contentDigest().equals(bill.contentDigest())).toList();
    Optional<PaymentDecision> duplicate = same.stream().filter(SettledPayment::payerFunded).findFirst()
        .or(() -> same.stream().findFirst()).map(PaymentDecision.Duplicate::new);
    if (duplicate.isPresent()) {
      return duplicate;
    }
    Instant closesAt = windowClosesAt(state.credential(), window);
    if (state.windowClosedOn(counter) || !now.isBefore(closesAt)) {
      return Optional.of(new PaymentDecision.Reject(Reason.NO_MERCHANT_RECORD, "no merchant record of this payment"
          + " settled before the settlement window closed at " + closesAt + "; not charged"));
    }
    return Optional.empty();
  }

  /**
   * When the settlement window closes on a credential's payments: the end of its validity (its
   * flight's scheduled arrival and a grace period) plus the configured window. The payer's
   * offline allowance stops being held for the credential at the same instant.
   */
  public static Instant windowClosesAt(StoredCredential credential, Duration window) {
    return credential.credential().validUntil().plus(window);
  }

  /**
   * A payment this terminal has settled under this counter. Different signed content at one
   * terminal breaks the terminal's own rules. The same content: the receipts decide. A cap code's
   * charge is the terminal's choice, so one terminal can sign two receipts for one payment; the
   * lowest charge the terminal signed is charged — a receipt the terminal itself gave the
   * passenger binds the merchant — and an operator sees both.
   */
  private static PaymentDecision sameTerminal(Checked.Verified payment, SettledPayment settled) {
    if (!settled.contentDigest().equals(payment.contentDigest())) {
      return new PaymentDecision.Reject(Reason.REPLAYED_COUNTER, "terminal " + settled.terminalId()
          + " had itself accepted another payment with counter " + settled.id().counter());
    }
    long charged = payment.accepted().charged().amountMinor();
    if (charged == settled.charged().amountMinor()) {
      return new PaymentDecision.Duplicate(settled);
    }
    boolean lowers = charged < settled.charged().amountMinor() && settled.refundedMinor() == 0
        && payment.accepted().chargedInCredentialCurrency().amountMinor() <= settled.payerCharged().amountMinor();
    return lowers
        ? new PaymentDecision.Lower(settled)
        : new PaymentDecision.OtherReceipt(settled);
  }

  /**
   * Which acceptance of one authorization the payer is charged for: the one that costs them least,
   * then the lowest terminal id. It is a function of the set of acceptances, so the order of uploads
   * cannot choose it. Returns the move (from the acceptance charged now to the one that should be)
   * when they differ; none while refunds have settled against either (the refund followed who
   * paid, and stays there).
   */
  public static Optional<Move> payerFundingMove(List<SettledPayment> acceptances, Bytes contentDigest) {
    List<SettledPayment> same = acceptances.stream().filter(p -> p.contentDigest().equals(contentDigest)).toList();
    Optional<SettledPayment> funded = same.stream().filter(SettledPayment::payerFunded).findFirst();
    Optional<SettledPayment> best = same.stream().min(Comparator
        .comparingLong((SettledPayment p) -> p.payerCharged().amountMinor()).thenComparingLong(SettledPayment::terminalId));
    if (funded.isEmpty() || best.isEmpty() || funded.get().terminalId() == best.get().terminalId()
        || funded.get().refundedMinor() > 0 || best.get().refundedMinor() > 0) {
      return Optional.empty();
    }
    return Optional.of(new Move(funded.get(), best.get()));
  }

  /** The payer's charge moves from acceptance {@code from} to acceptance {@code to} of one authorization. */
  public record Move(SettledPayment from, SettledPayment to) {}

  /** What to do with a refund note. */
  public sealed interface RefundDecision {
    /** Credit the payer {@code payerAmountMinor} (credential currency) for {@code note}. */
    record Settle(long payerAmountMinor) implements RefundDecision {}

    record Duplicate() implements RefundDecision {}

    /** Another note with the same sequence for this payment settled first. */
    record Conflict() implements RefundDecision {}

    /** Not yet decidable: the payment it refunds has not settled (wallet uploads only). */
    record Pending() implements RefundDecision {}

    record Reject(Reason reason, String detail) implements RefundDecision {}
  }

  /**
   * Judges a refund note against the payment it refunds. {@code payment} empty means it has not
   * settled: a terminal journals a payment before its refunds, so from a terminal that is a
   * rejection; from a wallet it may simply be early.
   */
  public static RefundDecision decideRefund(RefundNote note, Bytes noteDigest, Optional<SettledPayment> payment,
      Optional<Bytes> settledNoteDigest, Receipt paymentReceipt, TrustBundle bundle, Uploader uploader) {
    if (payment.isEmpty()) {
      return uploader instanceof Uploader.Wallet ? new RefundDecision.Pending()
          : new RefundDecision.Reject(Reason.WRONG_PAYMENT, "payment " + note.paymentId() + " has not settled");
    }
    if (settledNoteDigest.isPresent()) {
      return settledNoteDigest.get().equals(noteDigest) ? new RefundDecision.Duplicate() : new RefundDecision.Conflict();
    }
    if (uploader instanceof Uploader.Terminal terminal && terminal.terminalId() != note.terminalId()) {
      return new RefundDecision.Reject(Reason.WRONG_TERMINAL,
          "note of terminal " + note.terminalId() + " in a batch of terminal " + terminal.terminalId());
    }
    SettledPayment settled = payment.get();
    Verdict<RefundNote> verdict = NoteRules.checkRefund(note, paymentReceipt,
        Money.of(settled.refundedMinor(), settled.charged().currency()), bundle);
    if (verdict instanceof Verdict.Rejected<RefundNote> rejected) {
      return new RefundDecision.Reject(rejected.reason(), rejected.detail());
    }
    // A refund of an acceptance the guarantee paid goes back to the guarantee: the payer paid nothing for it.
    return new RefundDecision.Settle(settled.payerFunded() ? payerRefund(settled, note.amount().amountMinor()) : 0);
  }

  /**
   * A refund note that would otherwise settle, refused when its terminal is revoked now (a stolen
   * terminal can date a note as it likes, so none of its notes settles after revocation) or when
   * its time lies outside the credential's validity, give or take {@code maxClockSkew}: a refund is
   * signed on board, while the credential can pay.
   */
  public static Optional<RefundDecision> refuseNoteOutOfBounds(RefundNote note, OfflineCredential credential,
      boolean terminalRevoked, Duration maxClockSkew) {
    if (terminalRevoked) {
      return Optional.of(new RefundDecision.Reject(Reason.TERMINAL_REVOKED,
          "terminal " + note.terminalId() + " is revoked; its refund notes no longer settle"));
    }
    if (note.time().isBefore(credential.validFrom().minus(maxClockSkew))) {
      return Optional.of(new RefundDecision.Reject(Reason.CREDENTIAL_NOT_YET_VALID,
          "refund note dated " + note.time() + ", before the credential's validity from " + credential.validFrom()));
    }
    if (note.time().isAfter(credential.validUntil().plus(maxClockSkew))) {
      return Optional.of(new RefundDecision.Reject(Reason.CREDENTIAL_EXPIRED,
          "refund note dated " + note.time() + ", after the credential's validity until " + credential.validUntil()));
    }
    return Optional.empty();
  }

  /**
   * The payer's credit for a refund, in the credential's currency: the same share of what they
   * paid as the refund is of the charge, counted cumulatively so that refunding the whole charge
   * returns exactly what was paid, never a minor unit more.
   */
  static long payerRefund(SettledPayment payment, long refundMinor) {
    long refundedAfter = Math.addExact(payment.refundedMinor(), refundMinor);
    if (refundedAfter > payment.charged().amountMinor()) {
      throw new IllegalArgumentException("refund above the charge: " + refundedAfter + " of " + payment.charged());
    }
    long payerRefundedAfter = BigInteger.valueOf(payment.payerCharged().amountMinor())
        .multiply(BigInteger.valueOf(refundedAfter))
        .divide(BigInteger.valueOf(payment.charged().amountMinor()))
        .longValueExact();
    return payerRefundedAfter - payment.payerRefundedMinor();
  }

  /** The provider's fee on {@code charged}: basis points, rounded half up to the minor unit. */
  public static long fee(Money charged, int basisPoints) {
    return BigInteger.valueOf(charged.amountMinor()).multiply(BigInteger.valueOf(basisPoints))
        .add(BigInteger.valueOf(5_000)).divide(BigInteger.valueOf(10_000)).longValueExact();
  }

  /**
   * The entry of a settled payment. The payer side is in the credential's currency, the merchant
   * side in the payment currency; when they differ, the provider's FX position accounts take the
   * conversion made at the bundle's FX snapshot, so each currency balances on its own.
   * {@code charge} says how much of the payer's charge their funds covered; the rest is arrears.
   */
  public static Entry paymentEntry(SettledPayment payment, PayerFunds.Charge charge) {
    long feeMinor = payment.feeMinor();
    CurrencyUnit payerCurrency = payment.payerCharged().currency();
    CurrencyUnit merchantCurrency = payment.charged().currency();
    Entry.Builder entry = new Entry.Builder()
        .debit(AccountKey.payer(payment.accountId(), payerCurrency), charge.fromBalanceMinor())
        .debit(AccountKey.payerArrears(payment.accountId(), payerCurrency), charge.shortfallMinor())
        .credit(AccountKey.merchant(payment.airlineId(), merchantCurrency), payment.charged().amountMinor() - feeMinor)
        .credit(AccountKey.provider(AccountKind.FEE_INCOME, merchantCurrency), feeMinor);
    if (!payerCurrency.equals(merchantCurrency)) {
      entry.credit(AccountKey.provider(AccountKind.FX_POSITION, payerCurrency), payment.payerCharged().amountMinor())
          .debit(AccountKey.provider(AccountKind.FX_POSITION, merchantCurrency), payment.charged().amountMinor());
    }
    return entry.build(EntryKind.PAYMENT, payment.accountId(), Optional.of(payment.id()), 0);
  }

  /**
   * The entry of an acceptance the payer is not charged for: the provider's guarantee account, in
   * the payment currency, pays the merchant its charge less the fee.
   */
  public static Entry guaranteeEntry(SettledPayment payment) {
    CurrencyUnit currency = payment.charged().currency();
    return new Entry.Builder()
        .debit(AccountKey.provider(AccountKind.GUARANTEE, currency), payment.charged().amountMinor())
        .credit(AccountKey.merchant(payment.airlineId(), currency), payment.charged().amountMinor() - payment.feeMinor())
        .credit(AccountKey.provider(AccountKind.FEE_INCOME, currency), payment.feeMinor())
        .build(EntryKind.PAYMENT, payment.accountId(), Optional.of(payment.id()), 0);
  }

  /**
   * The entry that moves the payer's charge for one authorization from acceptance {@code from} to
   * acceptance {@code to} (which costs the payer no more): the payer is credited the difference
   * (arrears first), the guarantee account now funds {@code from} instead of {@code to}, and across
   * currencies the FX position accounts swap the two conversions. Merchants are not touched.
   * Empty when the two charge the same: then no money moves.
   */
  public static Optional<Entry> payerFundingMoveEntry(Move move, PayerFunds.Credit credit) {
    SettledPayment from = move.from();
    SettledPayment to = move.to();
    CurrencyUnit payerCurrency = from.payerCharged().currency();
    CurrencyUnit merchantCurrency = from.charged().currency();
    long payerMinor = Math.subtractExact(from.payerCharged().amountMinor(), to.payerCharged().amountMinor());
    long merchantMinor = Math.subtractExact(from.charged().amountMinor(), to.charged().amountMinor());
    if (payerMinor < 0 || !to.charged().currency().equals(merchantCurrency)
        || Math.addExact(credit.collectedMinor(), credit.toBalanceMinor()) != payerMinor) {
      throw new IllegalArgumentException("the payer's charge moves to an acceptance costing no more, in the same"
          + " currencies: " + from.payerCharged() + " to " + to.payerCharged());
    }
    Entry.Builder entry = new Entry.Builder()
        .credit(AccountKey.payerArrears(from.accountId(), payerCurrency), credit.collectedMinor())
        .credit(AccountKey.payer(from.accountId(), payerCurrency), credit.toBalanceMinor());
    signed(entry, AccountKey.provider(AccountKind.GUARANTEE, merchantCurrency), merchantMinor);
    if (!payerCurrency.equals(merchantCurrency)) {
      entry.debit(AccountKey.provider(AccountKind.FX_POSITION, payerCurrency), payerMinor);
      signed(entry, AccountKey.provider(AccountKind.FX_POSITION, merchantCurrency), -merchantMinor);
    }
    // Two acceptances charging the same: only who funds which changes, no money moves.
    return payerMinor == 0 && merchantMinor == 0 ? Optional.empty()
        : Optional.of(entry.build(EntryKind.CORRECTION, from.accountId(), Optional.of(from.id()), 0));
  }

  private static void signed(Entry.Builder entry, AccountKey account, long debitMinor) {
    if (debitMinor >= 0) {
      entry.debit(account, debitMinor);
    } else {
      entry.credit(account, -debitMinor);
    }
  }

  /** The entry that lowers an acceptance the guarantee funds: merchant and fee income give back to the guarantee. */
  public static Entry guaranteeCorrectionEntry(SettledPayment before, SettledPayment after) {
    CurrencyUnit currency = before.charged().currency();
    long chargeMinor = Math.subtractExact(before.charged().amountMinor(), after.charged().amountMinor());
    long feeMinor = Math.subtractExact(before.feeMinor(), after.feeMinor());
    if (chargeMinor <= 0 || feeMinor < 0 || feeMinor > chargeMinor || before.payerFunded()) {
      throw new IllegalArgumentException("a guarantee correction lowers a guaranteed charge: " + before.charged()
          + " to " + after.charged());
    }
    return new Entry.Builder()
        .debit(AccountKey.merchant(before.airlineId(), currency), chargeMinor - feeMinor)
        .debit(AccountKey.provider(AccountKind.FEE_INCOME, currency), feeMinor)
        .credit(AccountKey.provider(AccountKind.GUARANTEE, currency), chargeMinor)
        .build(EntryKind.CORRECTION, before.accountId(), Optional.of(before.id()), 0);
  }

  /** The entry of a refund of an acceptance the guarantee funds: the merchant gives it back to the guarantee. */
  public static Entry guaranteeRefundEntry(SettledPayment payment, long refundSequence, long refundMinor) {
    CurrencyUnit currency = payment.charged().currency();
    return new Entry.Builder()
        .debit(AccountKey.merchant(payment.airlineId(), currency), refundMinor)
        .credit(AccountKey.provider(AccountKind.GUARANTEE, currency), refundMinor)
        .build(EntryKind.REFUND, payment.accountId(), Optional.of(payment.id()), refundSequence);
  }

  /**
   * The entry that lowers a settled payment's charge from {@code before} to {@code after}: the
   * merchant and the fee income give back the difference and the payer is credited it (arrears
   * first). Across currencies, the FX position accounts reverse the conversion at the rate the
   * payment used, so each currency balances on its own.
   */
  public static Entry correctionEntry(SettledPayment before, SettledPayment after, PayerFunds.Credit credit) {
    CurrencyUnit merchantCurrency = before.charged().currency();
    long chargeMinor = Math.subtractExact(before.charged().amountMinor(), after.charged().amountMinor());
    long feeMinor = Math.subtractExact(before.feeMinor(), after.feeMinor());
    if (chargeMinor <= 0 || feeMinor < 0 || feeMinor > chargeMinor) {
      throw new IllegalArgumentException("a correction lowers a charge: " + before.charged() + " to " + after.charged());
    }
    Entry.Builder entry = new Entry.Builder()
        .debit(AccountKey.merchant(before.airlineId(), merchantCurrency), chargeMinor - feeMinor)
        .debit(AccountKey.provider(AccountKind.FEE_INCOME, merchantCurrency), feeMinor);
    return creditPayer(entry, before, chargeMinor, credit)
        .build(EntryKind.CORRECTION, before.accountId(), Optional.of(before.id()), 0);
  }

  /** The entry of a settled refund: the merchant gives back {@code refundMinor}, the payer is credited. */
  public static Entry refundEntry(SettledPayment payment, long refundSequence, long refundMinor,
      PayerFunds.Credit credit) {
    Entry.Builder entry = new Entry.Builder()
        .debit(AccountKey.merchant(payment.airlineId(), payment.charged().currency()), refundMinor);
    return creditPayer(entry, payment, refundMinor, credit)
        .build(EntryKind.REFUND, payment.accountId(), Optional.of(payment.id()), refundSequence);
  }

  /**
   * The payer's side of money going back on {@code payment}: {@code merchantSideMinor} (payment
   * currency) taken from the merchant side becomes {@code credit} to the payer (credential
   * currency), arrears first. Across currencies the FX position accounts reverse the conversion;
   * in one currency the two amounts must be equal.
   */
  private static Entry.Builder creditPayer(Entry.Builder entry, SettledPayment payment, long merchantSideMinor,
      PayerFunds.Credit credit) {
    CurrencyUnit payerCurrency = payment.payerCharged().currency();
    CurrencyUnit merchantCurrency = payment.charged().currency();
    long payerMinor = Math.addExact(credit.collectedMinor(), credit.toBalanceMinor());
    entry.credit(AccountKey.payerArrears(payment.accountId(), payerCurrency), credit.collectedMinor())
        .credit(AccountKey.payer(payment.accountId(), payerCurrency), credit.toBalanceMinor());
    if (!payerCurrency.equals(merchantCurrency)) {
      entry.debit(AccountKey.provider(AccountKind.FX_POSITION, payerCurrency), payerMinor)
          .credit(AccountKey.provider(AccountKind.FX_POSITION, merchantCurrency), merchantSideMinor);
    } else if (payerMinor != merchantSideMinor) {
      throw new IllegalStateException("same-currency credit of " + merchantSideMinor + " gives the payer " + payerMinor);
    }
    return entry;
  }
}
