package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.time.Duration;
import java.time.Instant;

/**
 * The issuer's statement that a device key may pay offline, within limits, on one flight.
 *
 * <p>Wire form (after the version and type bytes when top-level; without them when embedded in a
 * self-contained one-scan code):
 * <pre>
 *   serial            8 bytes   pseudonymous, random
 *   issuerKeyId       u8        1..255, which issuer key signed this
 *   deviceKey         u8 alg + 33 (P-256 compressed) or 32 (Ed25519) bytes
 *   currency          u16       ISO 4217 numeric code
 *   perPaymentLimit   varint    minor units, ≥ 1
 *   totalLimit        varint    minor units, ≥ perPaymentLimit
 *   validFrom         u32       epoch seconds
 *   validHours        u16       1..65535; validUntil = validFrom + validHours h
 *   flightId          u32       the one flight this credential pays on
 *   scoreTier         u8        the score band the limits came from
 *   issuerSignature   64 bytes  Ed25519 over "aloft:v1:credential\0" + version + type + fields
 * </pre>
 * Validity is stored in whole hours to keep the self-contained code inside QR version 10.
 */
public record OfflineCredential(
    CredentialSerial serial,
    int issuerKeyId,
    VerificationKey deviceKey,
    CurrencyUnit currency,
    long perPaymentLimitMinor,
    long totalLimitMinor,
    Instant validFrom,
    Instant validUntil,
    long flightId,
    int scoreTier,
    Bytes signature)
    implements SignedMessage {

  public OfflineCredential {
    if (serial == null || deviceKey == null || currency == null || signature == null) {
      throw new IllegalArgumentException("credential fields must not be null");
    }
    checkKeyId(issuerKeyId);
    Wire.checkAmount("perPaymentLimitMinor", perPaymentLimitMinor, 1);
    Wire.checkAmount("totalLimitMinor", totalLimitMinor, perPaymentLimitMinor);
    Wire.checkTime("validFrom", validFrom);
    Wire.checkTime("validUntil", validUntil);
    long seconds = Duration.between(validFrom, validUntil).getSeconds();
    if (seconds <= 0 || seconds % 3600 != 0 || seconds / 3600 > 0xFFFF) {
      throw new IllegalArgumentException(
          "validity must be 1..65535 whole hours, got " + seconds + " s");
    }
    Wire.checkU32("flightId", flightId, 1);
    if (scoreTier < 0 || scoreTier > 0xFF) {
      throw new IllegalArgumentException("scoreTier must fit a byte: " + scoreTier);
    }
    if (!signature.isEmpty()) {
      Wire.checkSignature(signature);
    }
  }

  static void checkKeyId(int keyId) {
    if (keyId < 1 || keyId > 0xFF) {
      throw new IllegalArgumentException("issuer key id must be in 1..255: " + keyId);
    }
  }

  @Override
  public MessageType type() {
    return MessageType.CREDENTIAL;
  }

  public Money perPaymentLimit() {
    return Money.of(perPaymentLimitMinor, currency);
  }

  public Money totalLimit() {
    return Money.of(totalLimitMinor, currency);
  }

  /** True when {@code time} is inside [validFrom, validUntil). */
  public boolean isValidAt(Instant time) {
    return !time.isBefore(validFrom) && time.isBefore(validUntil);
  }

  public OfflineCredential signedBy(Signer issuer) {
    OfflineCredential unsigned = withSignature(Bytes.empty());
    return unsigned.withSignature(Bytes.of(issuer.sign(unsigned.signingInput())));
  }

  private OfflineCredential withSignature(Bytes newSignature) {
    return new OfflineCredential(serial, issuerKeyId, deviceKey, currency, perPaymentLimitMinor,
        totalLimitMinor, validFrom, validUntil, flightId, scoreTier, newSignature);
  }

  @Override
  public void writeBody(ByteWriter out) {
    Wire.writeHeader(out, type());
    writeFields(out);
  }

  private void writeFields(ByteWriter out) {
    out.fixed(serial.value(), CredentialSerial.LENGTH).u8(issuerKeyId);
    Wire.writeKey(out, deviceKey);
    Wire.writeCurrency(out, currency);
    out.varint(perPaymentLimitMinor).varint(totalLimitMinor);
    Wire.writeTime(out, validFrom);
    out.u16((int) (Duration.between(validFrom, validUntil).getSeconds() / 3600)).u32(flightId).u8(scoreTier);
  }

  /** The embedded form: fields and signature without the version and type bytes. */
  void writeEmbedded(ByteWriter out) {
    writeFields(out);
    Wire.writeSignature(out, signature);
  }

  public static OfflineCredential decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    Wire.readHeader(in, MessageType.CREDENTIAL);
    OfflineCredential credential = readEmbedded(in);
    in.finish();
    return credential;
  }

  /** Reads a nested top-level credential (with header) from a larger message. */
  static OfflineCredential read(ByteReader in) throws DecodeException {
    Wire.readHeader(in, MessageType.CREDENTIAL);
    return readEmbedded(in);
  }

  static OfflineCredential readEmbedded(ByteReader in) throws DecodeException {
    CredentialSerial serial = Wire.readSerial(in);
    int keyId = Wire.readKeyId(in);
    VerificationKey deviceKey = Wire.readKey(in);
    CurrencyUnit currency = Wire.readCurrency(in);
    long perPayment = Wire.readAmount(in, 1);
    long total = Wire.readAmount(in, 1);
    Instant validFrom = Wire.readTime(in);
    int validHours = in.u16(1, 0xFFFF);
    long flightId = Wire.readId(in);
    int tier = in.u8();
    Bytes signature = Wire.readSignature(in);
    return Wire.construct(() -> new OfflineCredential(serial, keyId, deviceKey, currency, perPayment,
        total, validFrom, validFrom.plusSeconds(validHours * 3600L), flightId, tier, signature));
  }
}
