package io.aloft.protocol.rules;

import static io.aloft.protocol.rules.Refusal.refuseIf;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.Optionals;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.util.Optional;

/** Checks of what terminals sign for the payer: receipts and refund notes. */
public final class NoteRules {
  private NoteRules() {}

  /**
   * A receipt is from a terminal in the bundle, binds exactly this authorization, and charges at
   * most the signed amount in the signed currency.
   */
  public static Verdict<TerminalCertificate> checkReceipt(Receipt receipt, PaymentAuthorization authorization,
      TrustBundle bundle) {
    return checkReceipt(receipt, authorization, authorization.contentDigest(), bundle);
  }

  /** The same, with the authorization's {@link PaymentAuthorization#contentDigest()} already computed. */
  public static Verdict<TerminalCertificate> checkReceipt(Receipt receipt, PaymentAuthorization authorization,
      Bytes contentDigest, TrustBundle bundle) {
    try {
      TerminalCertificate terminal = bundle.terminal(receipt.terminalId()).orElseThrow(() ->
          new Refusal(Reason.UNKNOWN_TERMINAL, "terminal " + receipt.terminalId() + " is not in the bundle"));
      refuseIf(!Signatures.verify(terminal.terminalKey(), receipt.signingInput(), receipt.signature()),
          Reason.BAD_SIGNATURE, "receipt signature does not verify");
      refuseIf(!receipt.paymentId().equals(authorization.paymentId())
              || !receipt.authorizationDigest().equals(Receipt.digestOfContent(contentDigest)),
          Reason.WRONG_PAYMENT, "receipt is for another payment");
      Optional<CurrencyUnit> signedCurrency = signedCurrency(authorization, bundle);
      refuseIf(signedCurrency.filter(c -> !c.equals(receipt.charged().currency())).isPresent(),
          Reason.WRONG_PAYMENT, () -> "receipt charges in " + receipt.charged().currency()
              + ", the payment was signed in " + signedCurrency.map(CurrencyUnit::code).orElse(""));
      refuseIf(receipt.charged().amountMinor() > authorization.amountMinor(), Reason.CHARGE_ABOVE_SIGNED,
          () -> "receipt charges " + receipt.charged() + ", authorization signed " + authorization.amountMinor());
      return Verdict.accept(terminal);
    } catch (Refusal refusal) {
      return refusal.toVerdict();
    }
  }

  /** The payment currency, when this device can tell: sent, embedded, or from the manifest. */
  private static Optional<CurrencyUnit> signedCurrency(PaymentAuthorization authorization, TrustBundle bundle) {
    return Optionals.firstPresent(authorization.explicitCurrency(),
        () -> authorization.embeddedCredential().map(OfflineCredential::currency),
        () -> bundle.manifestEntry(authorization.serial()).map(OfflineCredential::currency));
  }

  /**
   * A refund note is from the terminal that took the payment and, with the refunds before it,
   * returns no more than was charged.
   */
  public static Verdict<RefundNote> checkRefund(RefundNote note, Receipt paymentReceipt, Money alreadyRefunded,
      TrustBundle bundle) {
    try {
      TerminalCertificate terminal = bundle.terminal(note.terminalId()).orElseThrow(() ->
          new Refusal(Reason.UNKNOWN_TERMINAL, "terminal " + note.terminalId() + " is not in the bundle"));
      refuseIf(!Signatures.verify(terminal.terminalKey(), note.signingInput(), note.signature()),
          Reason.BAD_SIGNATURE, "refund note signature does not verify");
      refuseIf(!note.paymentId().equals(paymentReceipt.paymentId()) || note.terminalId() != paymentReceipt.terminalId(),
          Reason.WRONG_PAYMENT, "refund note is for another payment or terminal");
      refuseIf(!note.amount().currency().equals(paymentReceipt.charged().currency()), Reason.WRONG_PAYMENT,
          () -> "refund in " + note.amount().currency() + ", payment charged in "
              + paymentReceipt.charged().currency());
      Money refundable = paymentReceipt.charged().minus(alreadyRefunded);
      refuseIf(note.amount().isGreaterThan(refundable), Reason.OVER_REFUNDABLE,
          () -> "refund " + note.amount() + " is more than the " + refundable + " left");
      return Verdict.accept(note);
    } catch (Refusal refusal) {
      return refusal.toVerdict();
    }
  }
}
