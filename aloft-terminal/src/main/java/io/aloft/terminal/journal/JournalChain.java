package io.aloft.terminal.journal;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.crypto.Digests;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.CredentialSerial;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The journal's hash chain. Each entry's hash covers every field of the entry and the previous
 * entry's hash, so changing, removing or reordering any entry changes every hash after it; the
 * terminal signs the last hash (the head), so rewriting the whole chain needs the terminal key.
 *
 * <pre>
 *   entry hash = SHA-256(
 *     "aloft:terminal:journal-entry\0"
 *     sequence          varint
 *     kind              u8 (1 payment, 2 refund)
 *     serial, counter   8 bytes, varint
 *     refundSequence    varint (0 for a payment)
 *     at                u32 epoch seconds
 *     amount            varint minor units, then currency u16 ISO 4217 numeric
 *     signedCharge      varint (credential currency; 0 for a refund)
 *     cumulative        varint (credential currency; 0 for a refund)
 *     authorization     varint length + bytes (≤ 1024)
 *     request           varint length + bytes (≤ 2048)
 *     document          varint length + bytes (≤ 512): receipt or refund note
 *     previousHash      32 bytes ({@link #GENESIS} before entry 1)
 *   )
 *   head signing input = "aloft:terminal:journal-head\0" + terminalId u32 + sequence varint + hash 32
 * </pre>
 */
public final class JournalChain {
  public static final int HASH_LENGTH = 32;
  /** The "previous hash" of entry 1. */
  public static final Bytes GENESIS = Bytes.of(new byte[HASH_LENGTH]);

  private static final byte[] ENTRY_DOMAIN = "aloft:terminal:journal-entry\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEAD_DOMAIN = "aloft:terminal:journal-head\0".getBytes(StandardCharsets.US_ASCII);

  private JournalChain() {}

  public static Bytes hashOf(JournalEntry entry) {
    ByteWriter out = new ByteWriter(256 + entry.authorization().size() + entry.request().size());
    out.raw(ENTRY_DOMAIN).varint(entry.sequence()).u8(entry.kind().id());
    out.fixed(entry.paymentId().serial().value(), CredentialSerial.LENGTH).varint(entry.paymentId().counter());
    out.varint(entry.refundSequence()).u32(entry.at().getEpochSecond());
    out.varint(entry.amount().amountMinor()).u16(entry.amount().currency().numericCode());
    out.varint(entry.signedChargeMinor()).varint(entry.cumulativeMinor());
    out.bytes(entry.authorization(), BatchEntry.MAX_AUTHORIZATION_BYTES);
    out.bytes(entry.request(), BatchEntry.MAX_REQUEST_BYTES);
    out.bytes(entry.document(), BatchEntry.MAX_NOTE_BYTES);
    out.fixed(entry.previousHash(), HASH_LENGTH);
    return Bytes.of(Digests.sha256(out.toByteArray()));
  }

  public static byte[] headSigningInput(long terminalId, long sequence, Bytes hash) {
    return new ByteWriter(HEAD_DOMAIN.length + 48).raw(HEAD_DOMAIN).u32(terminalId).varint(sequence)
        .fixed(hash, HASH_LENGTH).toByteArray();
  }

  /** The head after {@code entry}, signed by the terminal. */
  public static JournalHead signHead(JournalEntry entry, long terminalId, Signer terminal) {
    byte[] signature = terminal.sign(headSigningInput(terminalId, entry.sequence(), entry.hash()));
    return new JournalHead(entry.sequence(), entry.hash(), Bytes.of(signature));
  }

  public static boolean headSignatureValid(JournalHead head, long terminalId, VerificationKey terminalKey) {
    return head.sequence() == 0
        ? head.hash().equals(GENESIS)
        : Signatures.verify(terminalKey, headSigningInput(terminalId, head.sequence(), head.hash()), head.signature());
  }

  /**
   * Empty when {@code entry} is the correct successor of {@code previous} (sequence, link, and
   * its own hash); otherwise what is wrong.
   */
  public static Optional<String> linkProblem(long previousSequence, Bytes previousHash, JournalEntry entry) {
    if (entry.sequence() != previousSequence + 1) {
      return Optional.of("entry " + entry.sequence() + " follows entry " + previousSequence
          + ": an entry is missing or out of order");
    }
    if (!entry.previousHash().equals(previousHash)) {
      return Optional.of("entry " + entry.sequence() + " does not link to entry " + previousSequence);
    }
    if (!hashOf(entry).equals(entry.hash())) {
      return Optional.of("entry " + entry.sequence() + " was changed after it was written");
    }
    return Optional.empty();
  }
}
