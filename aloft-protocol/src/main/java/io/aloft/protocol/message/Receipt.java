package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.time.Instant;
import java.util.Arrays;

/**
 * The terminal's signed statement that it accepted a payment: non-repudiation for the merchant's
 * side. For a cap code it says what the terminal actually charged.
 *
 * <pre>
 *   version, type        u8, u8 (1, 0x07)
 *   serial, counter      8 bytes, varint: the payment id
 *   terminalId           u32
 *   charged              varint minor units, ≥ 1
 *   currency             u16
 *   authorizationDigest  16 bytes: first half of the authorization's content digest
 *   acceptedAt           u32
 *   journalSequence      varint: the entry's place in the terminal's journal
 *   signature            64 bytes, terminal Ed25519
 * </pre>
 */
public record Receipt(
    PaymentId paymentId,
    long terminalId,
    Money charged,
    Bytes authorizationDigest,
    Instant acceptedAt,
    long journalSequence,
    Bytes signature)
    implements SignedMessage {
  public static final int DIGEST_LENGTH = 16;

  public Receipt {
    if (paymentId == null || charged == null || charged.amountMinor() < 1) {
      throw new IllegalArgumentException("a receipt needs a payment id and a positive charge");
    }
    Wire.checkAmount("charged", charged.amountMinor(), 1);
    Wire.checkU32("terminalId", terminalId, 1);
    if (authorizationDigest == null || authorizationDigest.size() != DIGEST_LENGTH) {
      throw new IllegalArgumentException("authorizationDigest must be " + DIGEST_LENGTH + " bytes");
    }
    Wire.checkTime("acceptedAt", acceptedAt);
    if (journalSequence < 0) {
      throw new IllegalArgumentException("journalSequence must not be negative");
    }
    if (signature == null || !signature.isEmpty()) {
      Wire.checkSignature(signature);
    }
  }

  /** The digest a receipt carries for {@code authorization}. */
  public static Bytes digestOf(PaymentAuthorization authorization) {
    return digestOfContent(authorization.contentDigest());
  }

  /** The same, from the authorization's {@link PaymentAuthorization#contentDigest()} already computed. */
  public static Bytes digestOfContent(Bytes contentDigest) {
    return Bytes.of(Arrays.copyOf(contentDigest.toByteArray(), DIGEST_LENGTH));
  }

  @Override
  public MessageType type() {
    return MessageType.RECEIPT;
  }

  public Receipt signedBy(Signer terminal) {
    Receipt unsigned = withSignature(Bytes.empty());
    return unsigned.withSignature(Bytes.of(terminal.sign(unsigned.signingInput())));
  }

  private Receipt withSignature(Bytes newSignature) {
    return new Receipt(paymentId, terminalId, charged, authorizationDigest, acceptedAt, journalSequence,
        newSignature);
  }

  @Override
  public void writeBody(ByteWriter out) {
    Wire.writeHeader(out, type());
    out.fixed(paymentId.serial().value(), CredentialSerial.LENGTH).varint(paymentId.counter());
    out.u32(terminalId).varint(charged.amountMinor());
    Wire.writeCurrency(out, charged.currency());
    out.fixed(authorizationDigest, DIGEST_LENGTH);
    Wire.writeTime(out, acceptedAt);
    out.varint(journalSequence);
  }

  public static Receipt decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    Wire.readHeader(in, MessageType.RECEIPT);
    CredentialSerial serial = Wire.readSerial(in);
    long counter = Wire.readCounter(in);
    long terminalId = Wire.readId(in);
    long charged = Wire.readAmount(in, 1);
    CurrencyUnit currency = Wire.readCurrency(in);
    Bytes digest = in.fixed(DIGEST_LENGTH);
    Instant acceptedAt = Wire.readTime(in);
    long sequence = in.varint(Long.MAX_VALUE);
    Bytes signature = Wire.readSignature(in);
    in.finish();
    return Wire.construct(() -> new Receipt(new PaymentId(serial, counter), terminalId,
        Money.of(charged, currency), digest, acceptedAt, sequence, signature));
  }
}
