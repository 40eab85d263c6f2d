package io.aloft.terminal.refund;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.NoteRules;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.journal.EntryKind;
import io.aloft.terminal.journal.Journal;
import io.aloft.terminal.journal.JournalChain;
import io.aloft.terminal.journal.JournalEntry;
import io.aloft.terminal.journal.JournalWriter;
import io.aloft.terminal.trust.BundleKeeper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Refunds and voids of journaled payments. A void is a refund of everything left. The note is
 * checked by the protocol's {@link NoteRules#checkRefund} (same terminal, same currency, never
 * more than what is left) before it is journaled, exactly like a payment.
 */
public final class Refunds {
  private final long terminalId;
  private final Signer terminalKey;
  private final BundleKeeper bundles;
  private final Journal journal;
  private final JournalWriter writer;

  public Refunds(long terminalId, Signer terminalKey, BundleKeeper bundles, Journal journal) {
    this.terminalId = terminalId;
    this.terminalKey = terminalKey;
    this.bundles = bundles;
    this.journal = journal;
    this.writer = new JournalWriter(journal, terminalId, terminalKey);
  }

  public Verdict<RefundCode> refund(PaymentId paymentId, Money amount, Instant now) {
    Optional<TrustBundle> bundle = bundles.current();
    Optional<JournalEntry> payment = journal.payment(paymentId);
    if (!payment.isPresent() || !bundle.isPresent()) {
      return Verdict.reject(Reason.WRONG_PAYMENT, "payment " + paymentId + " is not in this terminal's journal");
    }
    List<JournalEntry> earlier = journal.refundsOf(paymentId);
    Money refunded = Money.zero(payment.get().amount().currency());
    for (JournalEntry entry : earlier) {
      refunded = refunded.plus(entry.amount());
    }
    long sequence = writer.nextSequence();
    RefundNote note = new RefundNote(paymentId, earlier.size() + 1L, terminalId, amount, now, Bytes.empty())
        .signedBy(terminalKey);
    Verdict<RefundNote> verdict = NoteRules.checkRefund(note, payment.get().receipt(), refunded, bundle.get());
    if (verdict instanceof Verdict.Rejected<RefundNote> rejected) {
      return Verdict.reject(rejected.reason(), rejected.detail());
    }
    JournalEntry committed = writer.append(new JournalEntry(sequence, EntryKind.REFUND, paymentId,
        note.refundSequence(), now, amount, 0, 0, Bytes.empty(), Bytes.empty(), Bytes.of(note.encode()),
        JournalChain.GENESIS, JournalChain.GENESIS));
    return Verdict.accept(new RefundCode(note, committed.sequence(), note.toQrText()));
  }

  /** What is left to refund of a journaled payment. */
  public Optional<Money> refundable(PaymentId paymentId) {
    return journal.payment(paymentId).map(payment -> {
      Money left = payment.amount();
      for (JournalEntry refund : journal.refundsOf(paymentId)) {
        left = left.minus(refund.amount());
      }
      return left;
    });
  }
}
