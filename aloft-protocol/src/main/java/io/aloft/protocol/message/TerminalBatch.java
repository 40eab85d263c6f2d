package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Signer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A terminal-signed upload of journal entries. Re-sending a batch after any failure sends the
 * same batch id with the same content, so the server can answer it idempotently.
 *
 * <pre>
 *   version, type     u8, u8 (1, 0x09)
 *   terminalId        u32
 *   batchId           varint ≥ 1, per terminal
 *   createdAt         u32
 *   entries           count ≤ 256, each:
 *                       kind u8 (1 payment, 2 refund), journalSequence varint, then
 *                       payment: authorization (len ≤ 1024), request (len ≤ 2048, 0 = one-scan),
 *                                receipt (len ≤ 512)
 *                       refund:  refund note (len ≤ 512)
 *   signature         64 bytes, terminal Ed25519
 * </pre>
 */
public record TerminalBatch(long terminalId, long batchId, Instant createdAt, List<BatchEntry> entries,
    Bytes signature) implements SignedMessage {
  public static final int MAX_ENTRIES = 256;
  private static final int KIND_PAYMENT = 1;
  private static final int KIND_REFUND = 2;

  public TerminalBatch {
    Wire.checkU32("terminalId", terminalId, 1);
    if (batchId < 1) {
      throw new IllegalArgumentException("batchId must be ≥ 1: " + batchId);
    }
    Wire.checkTime("createdAt", createdAt);
    if (entries == null || entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("a batch holds at most " + MAX_ENTRIES + " entries");
    }
    entries = List.copyOf(entries);
    if (signature == null || !signature.isEmpty()) {
      Wire.checkSignature(signature);
    }
  }

  @Override
  public MessageType type() {
    return MessageType.TERMINAL_BATCH;
  }

  public TerminalBatch signedBy(Signer terminal) {
    TerminalBatch unsigned = new TerminalBatch(terminalId, batchId, createdAt, entries, Bytes.empty());
    return new TerminalBatch(terminalId, batchId, createdAt, entries,
        Bytes.of(terminal.sign(unsigned.signingInput())));
  }

  @Override
  public void writeBody(ByteWriter out) {
    Wire.writeHeader(out, type());
    out.u32(terminalId).varint(batchId);
    Wire.writeTime(out, createdAt);
    out.varint(entries.size());
    for (BatchEntry entry : entries) {
      if (entry instanceof BatchEntry.Payment payment) {
        out.u8(KIND_PAYMENT).varint(payment.journalSequence())
            .bytes(payment.authorization(), BatchEntry.MAX_AUTHORIZATION_BYTES)
            .bytes(payment.request(), BatchEntry.MAX_REQUEST_BYTES)
            .bytes(payment.receipt(), BatchEntry.MAX_NOTE_BYTES);
      } else if (entry instanceof BatchEntry.Refund refund) {
        out.u8(KIND_REFUND).varint(refund.journalSequence())
            .bytes(refund.refundNote(), BatchEntry.MAX_NOTE_BYTES);
      }
    }
  }

  public static TerminalBatch decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    Wire.readHeader(in, MessageType.TERMINAL_BATCH);
    long terminalId = Wire.readId(in);
    long batchId = in.varint(1, Long.MAX_VALUE);
    Instant createdAt = Wire.readTime(in);
    int count = in.count(MAX_ENTRIES);
    List<BatchEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      entries.add(readEntry(in));
    }
    Bytes signature = Wire.readSignature(in);
    in.finish();
    return Wire.construct(() -> new TerminalBatch(terminalId, batchId, createdAt, entries, signature));
  }

  private static BatchEntry readEntry(ByteReader in) throws DecodeException {
    int kind = in.u8();
    long sequence = in.varint(Long.MAX_VALUE);
    if (kind == KIND_PAYMENT) {
      Bytes authorization = in.bytes(1, BatchEntry.MAX_AUTHORIZATION_BYTES);
      Bytes request = in.bytes(BatchEntry.MAX_REQUEST_BYTES);
      Bytes receipt = in.bytes(1, BatchEntry.MAX_NOTE_BYTES);
      return Wire.construct(() -> new BatchEntry.Payment(sequence, authorization, request, receipt));
    }
    if (kind == KIND_REFUND) {
      Bytes note = in.bytes(1, BatchEntry.MAX_NOTE_BYTES);
      return Wire.construct(() -> new BatchEntry.Refund(sequence, note));
    }
    throw Wire.badValue("unknown batch entry kind " + kind);
  }
}
