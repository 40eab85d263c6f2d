package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.time.Instant;

/**
 * The terminal's signed promise to give back (part of) a journaled payment; a void is a refund
 * of the whole amount. It settles as a credit against its payment, never above what was paid.
 *
 * <pre>
 *   version, type     u8, u8 (1, 0x08)
 *   serial, counter   8 bytes, varint: the payment refunded
 *   refundSequence    varint 1..2^32-1: the n-th refund of that payment
 *   terminalId        u32
 *   amount            varint minor units ≥ 1, in the currency the payment was charged in
 *   currency          u16
 *   time              u32
 *   signature         64 bytes, terminal Ed25519
 * </pre>
 */
public record RefundNote(
    PaymentId paymentId,
    long refundSequence,
    long terminalId,
    Money amount,
    Instant time,
    Bytes signature)
    implements SignedMessage {

  public RefundNote {
    if (paymentId == null || amount == null || amount.amountMinor() < 1) {
      throw new IllegalArgumentException("a refund needs a payment id and a positive amount");
    }
    Wire.checkAmount("amount", amount.amountMinor(), 1);
    Wire.checkU32("refundSequence", refundSequence, 1);
    Wire.checkU32("terminalId", terminalId, 1);
    Wire.checkTime("time", time);
    if (signature == null || !signature.isEmpty()) {
      Wire.checkSignature(signature);
    }
  }

  @Override
  public MessageType type() {
    return MessageType.REFUND_NOTE;
  }

  public RefundNote signedBy(Signer terminal) {
    RefundNote unsigned = withSignature(Bytes.empty());
    return unsigned.withSignature(Bytes.of(terminal.sign(unsigned.signingInput())));
  }

  private RefundNote withSignature(Bytes newSignature) {
    return new RefundNote(paymentId, refundSequence, terminalId, amount, time, newSignature);
  }

  @Override
  public void writeBody(ByteWriter out) {
    Wire.writeHeader(out, type());
    out.fixed(paymentId.serial().value(), CredentialSerial.LENGTH).varint(paymentId.counter());
    out.varint(refundSequence).u32(terminalId).varint(amount.amountMinor());
    Wire.writeCurrency(out, amount.currency());
    Wire.writeTime(out, time);
  }

  public static RefundNote decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    Wire.readHeader(in, MessageType.REFUND_NOTE);
    CredentialSerial serial = Wire.readSerial(in);
    long counter = Wire.readCounter(in);
    long sequence = in.varint(1, Wire.MAX_U32);
    long terminalId = Wire.readId(in);
    long amount = Wire.readAmount(in, 1);
    CurrencyUnit currency = Wire.readCurrency(in);
    Instant time = Wire.readTime(in);
    Bytes signature = Wire.readSignature(in);
    in.finish();
    return Wire.construct(() -> new RefundNote(new PaymentId(serial, counter), sequence, terminalId,
        Money.of(amount, currency), time, signature));
  }
}
