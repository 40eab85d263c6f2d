package io.aloft.terminal.journal;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.rules.SeenPayment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The terminal's durable, append-only record of every payment it accepted and every refund it
 * issued. The JVM implementation is {@code io.aloft.terminal.sqlite.SqliteJournal}; an Android
 * app can implement this over its platform SQLite with the same guarantees:
 *
 * <ul>
 *   <li>{@link #append} returns only once the entry and the new head are durably committed
 *       together (one transaction), and throws if they are not;
 *   <li>at most one payment per (serial, counter) and one refund per (payment, refund sequence),
 *       enforced by the store itself, not only by the caller;
 *   <li>every entry is checked with {@link JournalEntry#checkConsistent()} and against the head
 *       right before it is written, and every entry read back is checked again.
 * </ul>
 * A corrupt entry found on read is an {@link IllegalStateException}: our own broken invariant.
 */
public interface Journal {
  /** The head as last committed; {@link JournalHead#EMPTY} for a new journal. */
  JournalHead head();

  /** Appends {@code entry} (sequence head + 1, linked to the head) and makes {@code newHead} the head. */
  void append(JournalEntry entry, JournalHead newHead);

  /** Up to {@code limit} entries from {@code fromSequence} on, in sequence order. */
  List<JournalEntry> read(long fromSequence, int limit);

  Optional<JournalEntry> payment(PaymentId paymentId);

  List<JournalEntry> refundsOf(PaymentId paymentId);

  /** The payment that answered the request with this nonce, if one did. */
  Optional<JournalEntry> paymentAnswering(Bytes requestNonce);

  /** What the acceptance rules need to know of a credential: every payment journaled under it. */
  List<SeenPayment> seenPayments(CredentialSerial serial);

  /** Payments (not refunds) after {@code sequence}: count, totals per currency, oldest time. */
  PaymentTotals paymentsAfter(long sequence);

  /** Counts and sums of journaled payments. */
  record PaymentTotals(long count, Map<CurrencyUnit, Long> minorByCurrency, Optional<Instant> oldest) {
    public PaymentTotals {
      minorByCurrency = Map.copyOf(minorByCurrency);
    }
  }
}
