package io.aloft.wallet.bills;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.NoteRules;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import java.util.Optional;

/**
 * What a scanned receipt or refund note does to a bill. Pure: the terminal's signature and the
 * amounts are checked by the protocol's {@link NoteRules}; this decides what the bill becomes.
 * Scanning the same note twice changes nothing.
 */
public final class Notes {
  private Notes() {}

  public static Verdict<Bill> withReceipt(Bill bill, Receipt receipt, TrustBundle bundle) {
    if (bill.receipt().isPresent()) {
      if (bill.receipt().get().equals(receipt)) {
        return Verdict.accept(bill);
      }
      return Verdict.reject(Reason.CONFLICTING_NOTE, "bill " + bill.paymentId() + " has another receipt");
    }
    return NoteRules.checkReceipt(receipt, bill.authorization(), bundle).map(checked -> bill.withReceipt(receipt));
  }

  public static Verdict<Bill> withRefund(Bill bill, RefundNote note, TrustBundle bundle) {
    Optional<RefundNote> same = bill.refunds().stream()
        .filter(r -> r.refundSequence() == note.refundSequence()).findFirst();
    if (same.isPresent()) {
      if (same.get().equals(note)) {
        return Verdict.accept(bill);
      }
      return Verdict.reject(Reason.CONFLICTING_NOTE,
          "bill " + bill.paymentId() + " has another refund #" + note.refundSequence());
    }
    return paymentReceipt(bill).flatMap(paid -> NoteRules.checkRefund(note, paid, bill.refunded(), bundle).map(
        checked -> bill.withRefund(note,
            bill.refunded().plus(note.amount()).equals(paid.charged()) ? BillState.REFUNDED : bill.state())));
  }

  /**
   * The receipt a refund is checked against. A handshake names its terminal and charges exactly
   * the request, so the wallet knows both without a scanned receipt; the view it builds is
   * unsigned and never leaves this method. A one-scan code names no terminal, so its receipt is
   * needed.
   */
  private static Verdict<Receipt> paymentReceipt(Bill bill) {
    if (bill.receipt().isPresent()) {
      return Verdict.accept(bill.receipt().get());
    }
    if (bill.kind() != AuthorizationKind.HANDSHAKE) {
      return Verdict.reject(Reason.RECEIPT_NEEDED, "one-scan bill " + bill.paymentId() + " has no receipt");
    }
    Money charged = bill.amount();
    return Verdict.accept(new Receipt(bill.paymentId(), bill.request().get().terminalId(), charged,
        Receipt.digestOf(bill.authorization()), bill.issuedAt(), 0, Bytes.empty()));
  }
}
