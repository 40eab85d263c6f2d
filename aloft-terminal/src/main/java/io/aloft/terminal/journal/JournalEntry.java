package io.aloft.terminal.journal;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.Optionals;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.money.Money;
import java.time.Instant;
import java.util.Optional;

/**
 * One row of the terminal's journal. The signed documents are kept as the exact bytes that were
 * shown or scanned; the other fields are derived from them (or, for the credential-currency
 * amounts, from the trust bundle's FX snapshot at acceptance) so that history and totals can be
 * queried without decoding. {@link #inconsistency()} checks that the two agree.
 *
 * @param sequence 1, 2, 3… with no gaps; the receipt carries it
 * @param paymentId the payment accepted, or the payment a refund gives back
 * @param refundSequence 0 for a payment; the refund note's sequence for a refund
 * @param at when the terminal accepted or refunded (its own clock, whole seconds)
 * @param amount what was charged, or refunded, in the payment currency
 * @param signedChargeMinor payment only: the signed amount in the credential's currency
 * @param cumulativeMinor payment only: the cumulative spend the payer signed
 * @param authorization payment only: the authorization as scanned (canonical encoding)
 * @param request payment only: the request a handshake answers; empty for one-scan codes
 * @param document the terminal-signed receipt (payment) or refund note (refund)
 * @param previousHash the chain hash of entry {@code sequence - 1}
 * @param hash this entry's chain hash, {@link JournalChain#hashOf}
 */
public record JournalEntry(
    long sequence,
    EntryKind kind,
    PaymentId paymentId,
    long refundSequence,
    Instant at,
    Money amount,
    long signedChargeMinor,
    long cumulativeMinor,
    Bytes authorization,
    Bytes request,
    Bytes document,
    Bytes previousHash,
    Bytes hash) {

  public JournalEntry {
    if (sequence < 1 || kind == null || paymentId == null || refundSequence < 0 || at == null
        || amount == null || authorization == null || request == null || document == null
        || previousHash == null || hash == null) {
      throw new IllegalArgumentException("journal entry " + sequence + " has a missing or negative field");
    }
    if (previousHash.size() != JournalChain.HASH_LENGTH || hash.size() != JournalChain.HASH_LENGTH) {
      throw new IllegalArgumentException("journal entry " + sequence + " needs 32-byte chain hashes");
    }
  }

  /** This entry placed after {@code previousHash}, with its own chain hash computed. */
  public JournalEntry chainedTo(Bytes newPreviousHash) {
    JournalEntry linked = new JournalEntry(sequence, kind, paymentId, refundSequence, at, amount, signedChargeMinor,
        cumulativeMinor, authorization, request, document, newPreviousHash, JournalChain.GENESIS);
    return new JournalEntry(sequence, kind, paymentId, refundSequence, at, amount, signedChargeMinor,
        cumulativeMinor, authorization, request, document, newPreviousHash, JournalChain.hashOf(linked));
  }

  /** The request nonce a handshake payment answered, to find the payment a request was paid by. */
  public Optional<Bytes> requestNonce() {
    if (kind != EntryKind.PAYMENT || request.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(decodeOrFail(() -> PaymentRequest.decode(request.toByteArray())).nonce());
  }

  public Receipt receipt() {
    requireKind(EntryKind.PAYMENT);
    return decodeOrFail(() -> Receipt.decode(document.toByteArray()));
  }

  public RefundNote refundNote() {
    requireKind(EntryKind.REFUND);
    return decodeOrFail(() -> RefundNote.decode(document.toByteArray()));
  }

  /**
   * Empty when the derived fields agree with the signed documents they come from; otherwise what
   * disagrees. The journal runs this on every entry right before it writes it and right after it
   * reads one back (TIGER_STYLE pair assertions).
   */
  public Optional<String> inconsistency() {
    try {
      return kind == EntryKind.PAYMENT ? paymentInconsistency() : refundInconsistency();
    } catch (DecodeException | IllegalArgumentException e) {
      return Optional.of("entry " + sequence + " holds an undecodable document: " + e.getMessage());
    }
  }

  /** IllegalStateException when {@link #inconsistency()} finds anything: our own broken invariant. */
  public JournalEntry checkConsistent() {
    inconsistency().ifPresent(problem -> {
      throw new IllegalStateException("journal entry is inconsistent: " + problem);
    });
    return this;
  }

  private Optional<String> paymentInconsistency() throws DecodeException {
    PaymentAuthorization scanned = PaymentAuthorization.decode(authorization.toByteArray());
    Receipt receipt = Receipt.decode(document.toByteArray());
    Optional<String> requestProblem = request.isEmpty()
        ? check(scanned.kind() != AuthorizationKind.HANDSHAKE, "handshake without its request")
        : check(PaymentRequest.decode(request.toByteArray()).nonce().equals(scanned.requestNonce()),
            "request nonce differs from the authorization's");
    return Optionals.firstPresent(requestProblem,
        () -> check(refundSequence == 0, "payment with a refund sequence"),
        () -> check(scanned.paymentId().equals(paymentId) && receipt.paymentId().equals(paymentId),
            "payment id differs between row, authorization and receipt"),
        () -> check(receipt.journalSequence() == sequence, "receipt names sequence " + receipt.journalSequence()),
        () -> check(receipt.charged().equals(amount), "receipt charged " + receipt.charged() + ", row " + amount),
        () -> check(receipt.acceptedAt().equals(at), "receipt time differs from the row's"),
        () -> check(receipt.authorizationDigest().equals(Receipt.digestOf(scanned)),
            "receipt binds another authorization"),
        () -> check(cumulativeMinor == scanned.cumulativeMinor(), "cumulative differs from the signed one"),
        () -> check(signedChargeMinor >= 1 && signedChargeMinor <= cumulativeMinor,
            "signed charge " + signedChargeMinor + " outside 1.." + cumulativeMinor));
  }

  private Optional<String> refundInconsistency() throws DecodeException {
    RefundNote note = RefundNote.decode(document.toByteArray());
    return Optionals.firstPresent(
        check(authorization.isEmpty() && request.isEmpty() && signedChargeMinor == 0 && cumulativeMinor == 0,
            "refund with payment fields"),
        () -> check(note.paymentId().equals(paymentId), "refund note is for " + note.paymentId()),
        () -> check(note.refundSequence() == refundSequence, "refund sequence differs from the note's"),
        () -> check(note.amount().equals(amount), "refund note amount " + note.amount() + ", row " + amount),
        () -> check(note.time().equals(at), "refund note time differs from the row's"));
  }

  private Optional<String> check(boolean holds, String problem) {
    return holds ? Optional.empty() : Optional.of("entry " + sequence + ": " + problem);
  }

  private void requireKind(EntryKind expected) {
    if (kind != expected) {
      throw new IllegalStateException("entry " + sequence + " is a " + kind + ", not a " + expected);
    }
  }

  private interface Decoder<T> {
    T decode() throws DecodeException;
  }

  private <T> T decodeOrFail(Decoder<T> decoder) {
    try {
      return decoder.decode();
    } catch (DecodeException e) {
      throw new IllegalStateException("journal entry " + sequence + " holds an undecodable document", e);
    }
  }
}
