package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The issuer's signed answer to a terminal batch, a wallet upload or a wallet's outcome query:
 * one entry per payment or refund. Devices check it against the issuer keys they already trust,
 * so an outcome cannot be forged by whoever sits between device and server.
 *
 * <pre>
 *   version, type     u8, u8 (1, 0x0A)
 *   signerKeyId       u8        the issuer key that signed
 *   subject           u8        1 terminal batch, 2 wallet upload, 3 outcome query
 *   terminalId        u32       the batch's terminal; 0 for wallets
 *   batchId           varint    the batch answered; 0 for wallets
 *   issuedAt          u32
 *   entries           count ≤ 256, each:
 *                       kind u8 (1 payment, 2 refund)
 *                       flags u8: bit 0 payment id present, bit 1 charged present; others zero
 *                       journalSequence varint (terminal batches; 0 for wallets)
 *                       serial 8 bytes, counter varint   when bit 0
 *                       refundSequence varint (refunds ≥ 1, payments 0)
 *                       outcome u8 (SettlementOutcome wire id)
 *                       reason  UTF-8 ≤ 32 bytes: a Reason name for REJECTED, else empty
 *                       charged varint minor units, currency u16   when bit 1: what settled
 *                               (the merchant's charge, or the refund's credit)
 *   signature         64 bytes  issuer Ed25519
 * </pre>
 * The payment id is absent only for an entry whose authorization could not be read at all.
 */
public record SettlementReport(int signerKeyId, Subject subject, long terminalId, long batchId, Instant issuedAt,
    List<Entry> entries, Bytes signature) implements SignedMessage {
  public static final int MAX_ENTRIES = 256;
  private static final int MAX_REASON_BYTES = 32;
  private static final int FLAG_PAYMENT_ID = 1;
  private static final int FLAG_CHARGED = 2;

  /** What the report answers. */
  public enum Subject {
    TERMINAL_BATCH(1), WALLET_UPLOAD(2), OUTCOME_QUERY(3);

    private final int wireId;

    Subject(int wireId) {
      this.wireId = wireId;
    }

    static Subject fromWireId(int id) throws DecodeException {
      for (Subject subject : values()) {
        if (subject.wireId == id) {
          return subject;
        }
      }
      throw Wire.badValue("unknown report subject " + id);
    }
  }

  /** Payment or refund. */
  public enum EntryKind { PAYMENT, REFUND }

  /**
   * One outcome. {@code reason} is present exactly for REJECTED; {@code refundSequence} is 0 for a
   * payment and ≥ 1 for a refund.
   */
  public record Entry(EntryKind kind, long journalSequence, Optional<PaymentId> paymentId, long refundSequence,
      SettlementOutcome outcome, Optional<Reason> reason, Optional<Money> charged) {
    public Entry {
      if (kind == null || paymentId == null || outcome == null || reason == null || charged == null) {
        throw new IllegalArgumentException("report entry fields must not be null (use Optional.empty())");
      }
      if (journalSequence < 0) {
        throw new IllegalArgumentException("journalSequence must not be negative: " + journalSequence);
      }
      if ((kind == EntryKind.REFUND) != (refundSequence >= 1) || refundSequence > Wire.MAX_U32) {
        throw new IllegalArgumentException("refundSequence is 1..2^32-1 for refunds and 0 for payments: "
            + kind + " " + refundSequence);
      }
      if ((outcome == SettlementOutcome.REJECTED) != reason.isPresent()) {
        throw new IllegalArgumentException("a reason comes with REJECTED and only with it: " + outcome + " " + reason);
      }
      charged.ifPresent(money -> Wire.checkAmount("charged", money.amountMinor(), 0));
    }
  }

  public SettlementReport {
    OfflineCredential.checkKeyId(signerKeyId);
    if (subject == null) {
      throw new IllegalArgumentException("subject must not be null");
    }
    Wire.checkU32("terminalId", terminalId, 0);
    if (batchId < 0) {
      throw new IllegalArgumentException("batchId must not be negative: " + batchId);
    }
    Wire.checkTime("issuedAt", issuedAt);
    if (entries == null || entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("a report holds at most " + MAX_ENTRIES + " entries");
    }
    entries = List.copyOf(entries);
    if (signature == null || !signature.isEmpty()) {
      Wire.checkSignature(signature);
    }
  }

  @Override
  public MessageType type() {
    return MessageType.SETTLEMENT_REPORT;
  }

  public SettlementReport signedBy(Signer issuer) {
    SettlementReport unsigned = withSignature(Bytes.empty());
    return unsigned.withSignature(Bytes.of(issuer.sign(unsigned.signingInput())));
  }

  private SettlementReport withSignature(Bytes newSignature) {
    return new SettlementReport(signerKeyId, subject, terminalId, batchId, issuedAt, entries, newSignature);
  }

  @Override
  public void writeBody(ByteWriter out) {
    Wire.writeHeader(out, type());
    out.u8(signerKeyId).u8(subject.wireId).u32(terminalId).varint(batchId);
    Wire.writeTime(out, issuedAt);
    out.varint(entries.size());
    for (Entry entry : entries) {
      int flags = (entry.paymentId().isPresent() ? FLAG_PAYMENT_ID : 0) | (entry.charged().isPresent() ? FLAG_CHARGED : 0);
      out.u8(entry.kind() == EntryKind.PAYMENT ? 1 : 2).u8(flags).varint(entry.journalSequence());
      entry.paymentId().ifPresent(id -> out.fixed(id.serial().value(), CredentialSerial.LENGTH).varint(id.counter()));
      out.varint(entry.refundSequence()).u8(entry.outcome().wireId());
      out.utf8(entry.reason().map(Reason::name).orElse(""), MAX_REASON_BYTES);
      entry.charged().ifPresent(money -> {
        out.varint(money.amountMinor());
        Wire.writeCurrency(out, money.currency());
      });
    }
  }

  public static SettlementReport decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    Wire.readHeader(in, MessageType.SETTLEMENT_REPORT);
    int signerKeyId = Wire.readKeyId(in);
    Subject subject = Subject.fromWireId(in.u8());
    long terminalId = in.u32();
    long batchId = in.varint(Long.MAX_VALUE);
    Instant issuedAt = Wire.readTime(in);
    int count = in.count(MAX_ENTRIES);
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      entries.add(readEntry(in));
    }
    Bytes signature = Wire.readSignature(in);
    in.finish();
    return Wire.construct(() -> new SettlementReport(signerKeyId, subject, terminalId, batchId, issuedAt, entries,
        signature));
  }

  private static Entry readEntry(ByteReader in) throws DecodeException {
    int kindId = in.u8();
    if (kindId != 1 && kindId != 2) {
      throw Wire.badValue("unknown report entry kind " + kindId);
    }
    int flags = in.u8();
    if ((flags & ~(FLAG_PAYMENT_ID | FLAG_CHARGED)) != 0) {
      throw Wire.badValue("unknown report entry flags " + flags);
    }
    long journalSequence = in.varint(Long.MAX_VALUE);
    Optional<PaymentId> paymentId = Optional.empty();
    if ((flags & FLAG_PAYMENT_ID) != 0) {
      CredentialSerial serial = Wire.readSerial(in);
      long counter = Wire.readCounter(in);
      paymentId = Optional.of(Wire.construct(() -> new PaymentId(serial, counter)));
    }
    long refundSequence = in.varint(Wire.MAX_U32);
    int outcomeId = in.u8();
    SettlementOutcome outcome = SettlementOutcome.fromWireId(outcomeId)
        .orElseThrow(() -> Wire.badValue("unknown settlement outcome " + outcomeId));
    String reasonName = in.utf8(MAX_REASON_BYTES);
    Optional<Reason> reason = reasonName.isEmpty() ? Optional.empty() : Optional.of(reason(reasonName));
    Optional<Money> charged = Optional.empty();
    if ((flags & FLAG_CHARGED) != 0) {
      long amount = Wire.readAmount(in);
      CurrencyUnit currency = Wire.readCurrency(in);
      charged = Optional.of(Money.of(amount, currency));
    }
    Optional<PaymentId> id = paymentId;
    Optional<Money> money = charged;
    EntryKind kind = kindId == 1 ? EntryKind.PAYMENT : EntryKind.REFUND;
    return Wire.construct(() -> new Entry(kind, journalSequence, id, refundSequence, outcome, reason, money));
  }

  private static Reason reason(String name) throws DecodeException {
    try {
      return Reason.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw Wire.badValue("unknown reason " + name);
    }
  }
}
