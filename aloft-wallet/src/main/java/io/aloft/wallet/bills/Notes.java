package io.aloft.wallet.bills;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.NoteRules;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.WalletRefusal;
import java.util.Optional;

/**
 * What a scanned receipt or refund note does to a bill. Pure: the terminal's signature and the
 * amounts are checked by the protocol's {@link NoteRules}; this decides what the bill becomes.
 * Scanning the same note twice changes nothing.
 */
public final class Notes {
  private Notes() {}

  public static Bill withReceipt(Bill bill, Receipt receipt, TrustBundle bundle) throws WalletRefusal {
    if (bill.receipt().isPresent()) {
      if (bill.receipt().get().equals(receipt)) {
        return bill;
      }
      throw new WalletRefusal(RefusalReason.CONFLICTING_NOTE, "bill " + bill.paymentId() + " has another receipt");
    }
    WalletRefusal.require(NoteRules.checkReceipt(receipt, bill.authorization(), bundle));
    return bill.withReceipt(receipt);
  }

  public static Bill withRefund(Bill bill, RefundNote note, TrustBundle bundle) throws WalletRefusal {
    Optional<RefundNote> same = bill.refunds().stream()
        .filter(r -> r.refundSequence() == note.refundSequence()).findFirst();
    if (same.isPresent()) {
      if (same.get().equals(note)) {
        return bill;
      }
      throw new WalletRefusal(RefusalReason.CONFLICTING_NOTE,
          "bill " + bill.paymentId() + " has another refund #" + note.refundSequence());
    }
    Receipt paid = paymentReceipt(bill);
    WalletRefusal.require(NoteRules.checkRefund(note, paid, bill.refunded(), bundle));
    boolean whole = bill.refunded().plus(note.amount()).equals(paid.charged());
    return bill.withRefund(note, whole ? BillState.REFUNDED : bill.state());
  }

  /**
   * The receipt a refund is checked against. A handshake names its terminal and charges exactly
   * the request, so the wallet knows both without a scanned receipt; the view it builds is
   * unsigned and never leaves this method. A one-scan code names no terminal, so its receipt is
   * needed.
   */
  private static Receipt paymentReceipt(Bill bill) throws WalletRefusal {
    if (bill.receipt().isPresent()) {
      return bill.receipt().get();
    }
    if (bill.kind() != AuthorizationKind.HANDSHAKE) {
      throw new WalletRefusal(RefusalReason.RECEIPT_NEEDED, "one-scan bill " + bill.paymentId() + " has no receipt");
    }
    Money charged = bill.amount();
    return new Receipt(bill.paymentId(), bill.request().get().terminalId(), charged,
        Receipt.digestOf(bill.authorization()), bill.issuedAt(), 0, Bytes.empty());
  }
}
