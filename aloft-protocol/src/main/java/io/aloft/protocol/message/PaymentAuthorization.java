package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.codec.DecodeFailure;
import io.aloft.protocol.crypto.Digests;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.money.CurrencyUnit;
import java.time.Instant;
import java.util.Optional;

/**
 * The payer's device-signed authorization: a handshake response to a payment request, or a
 * one-scan code. It carries the counter (strictly increasing per credential) and the cumulative
 * offline spend including this payment, so that every terminal and the server can bound what a
 * credential has spent.
 *
 * <pre>
 *   version, type     u8, u8 (1, 0x05 handshake | 0x06 one-scan)
 *   flags             u8   bit 0 self-contained, bit 1 cap (one-scan only),
 *                          bit 2 currency present; other bits zero
 *   credential        self-contained: the credential's embedded form (no version/type);
 *                     compact: its 8-byte serial (the terminal finds it in the manifest)
 *   counter           varint 1..2^32-1
 *   cumulative        varint minor units of the CREDENTIAL's currency, this payment included
 *   amount            varint minor units of the payment currency, ≥ 1 (the cap for cap codes)
 *   currency          u16, only when flag bit 2 is set: the payment currency when it differs
 *                     from the credential's (converted at the bundle's FX snapshot)
 *   time              u32  when signed, on the device clock corrected against the issuer's;
 *                          a one-scan code is good for the bundle's one-scan window after it
 *   requestNonce      8 bytes, handshake only: the nonce of the request answered
 *   signature         64 bytes, device key over "aloft:v1:handshake-authorization\0" + body
 *                     + SHA-256(request encoding) for handshakes, or
 *                     "aloft:v1:one-scan-code\0" + body for one-scan codes
 * </pre>
 */
public record PaymentAuthorization(
    AuthorizationKind kind,
    CredentialSerial serial,
    Optional<OfflineCredential> embeddedCredential,
    long counter,
    long cumulativeMinor,
    long amountMinor,
    Optional<CurrencyUnit> explicitCurrency,
    Instant time,
    Bytes requestNonce,
    Bytes signature)
    implements SignedMessage {
  private static final int FLAG_SELF_CONTAINED = 1;
  private static final int FLAG_CAP = 2;
  private static final int FLAG_CURRENCY = 4;

  public PaymentAuthorization {
    if (kind == null || serial == null || embeddedCredential == null || explicitCurrency == null) {
      throw new IllegalArgumentException("authorization fields must not be null");
    }
    embeddedCredential.ifPresent(c -> {
      if (!c.serial().equals(serial)) {
        throw new IllegalArgumentException("embedded credential has another serial");
      }
      explicitCurrency.ifPresent(cur -> {
        if (cur.equals(c.currency())) {
          throw new IllegalArgumentException("currency is sent only when it differs from the credential's");
        }
      });
    });
    Wire.checkU32("counter", counter, 1);
    Wire.checkAmount("amountMinor", amountMinor, 1);
    Wire.checkAmount("cumulativeMinor", cumulativeMinor, 0);
    Wire.checkTime("time", time);
    int nonceLength = kind == AuthorizationKind.HANDSHAKE ? PaymentRequest.NONCE_LENGTH : 0;
    if (requestNonce == null || requestNonce.size() != nonceLength) {
      throw new IllegalArgumentException(kind + " carries a request nonce of " + nonceLength + " bytes");
    }
    if (signature == null || !signature.isEmpty()) {
      Wire.checkSignature(signature);
    }
  }

  @Override
  public MessageType type() {
    return kind.messageType();
  }

  public PaymentId paymentId() {
    return new PaymentId(serial, counter);
  }

  public boolean isSelfContained() {
    return embeddedCredential.isPresent();
  }

  /** The payment currency: explicit when it differs from the credential's. */
  public CurrencyUnit currency(OfflineCredential credential) {
    return explicitCurrency.orElse(credential.currency());
  }

  /**
   * What a device key signs. Handshakes also sign SHA-256 of the request they answer; the
   * request itself does not travel in the authorization (the terminal holds it), which keeps
   * the handshake code inside QR version 7.
   */
  public byte[] signingInput(Optional<PaymentRequest> request) {
    if (kind == AuthorizationKind.HANDSHAKE) {
      PaymentRequest answered = request.orElseThrow(
          () -> new IllegalArgumentException("a handshake authorization signs its request"));
      return Wire.signingInput(type(), body(), answered.digest());
    }
    return Wire.signingInput(type(), body());
  }

  @Override
  public byte[] signingInput() {
    return signingInput(Optional.empty());
  }

  public PaymentAuthorization signedBy(Signer device, Optional<PaymentRequest> request) {
    PaymentAuthorization unsigned = withSignature(Bytes.empty());
    return unsigned.withSignature(Bytes.of(device.sign(unsigned.signingInput(request))));
  }

  private PaymentAuthorization withSignature(Bytes newSignature) {
    return new PaymentAuthorization(kind, serial, embeddedCredential, counter, cumulativeMinor,
        amountMinor, explicitCurrency, time, requestNonce, newSignature);
  }

  /**
   * SHA-256 of the signed content in compact form: the same for the compact and self-contained
   * presentation of one payment, independent of signature bytes. The server compares it to tell
   * a duplicate upload from a double spend.
   */
  public Bytes contentDigest() {
    ByteWriter out = new ByteWriter();
    writeBody(out, false);
    return Bytes.of(Digests.sha256(out.toByteArray()));
  }

  @Override
  public void writeBody(ByteWriter out) {
    writeBody(out, isSelfContained());
  }

  private void writeBody(ByteWriter out, boolean selfContained) {
    Wire.writeHeader(out, type());
    int flags = (selfContained ? FLAG_SELF_CONTAINED : 0)
        | (kind == AuthorizationKind.ONE_SCAN_CAP ? FLAG_CAP : 0)
        | (explicitCurrency.isPresent() ? FLAG_CURRENCY : 0);
    out.u8(flags);
    if (selfContained) {
      embeddedCredential.get().writeEmbedded(out);
    } else {
      out.fixed(serial.value(), CredentialSerial.LENGTH);
    }
    out.varint(counter).varint(cumulativeMinor).varint(amountMinor);
    explicitCurrency.ifPresent(c -> Wire.writeCurrency(out, c));
    Wire.writeTime(out, time);
    if (kind == AuthorizationKind.HANDSHAKE) {
      out.fixed(requestNonce, PaymentRequest.NONCE_LENGTH);
    }
  }

  public static PaymentAuthorization decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    int version = in.u8();
    if (version != MessageType.VERSION) {
      throw new DecodeException(DecodeFailure.UNKNOWN_VERSION, "version " + version);
    }
    int type = in.u8();
    boolean handshake = type == MessageType.HANDSHAKE_AUTHORIZATION.wireId();
    if (!handshake && type != MessageType.ONE_SCAN_CODE.wireId()) {
      throw new DecodeException(DecodeFailure.UNKNOWN_TYPE, "not a payment authorization: " + type);
    }
    int flags = in.u8();
    if ((flags & ~(FLAG_SELF_CONTAINED | FLAG_CAP | FLAG_CURRENCY)) != 0 || (handshake && (flags & FLAG_CAP) != 0)) {
      throw Wire.badValue("unknown flags " + flags);
    }
    AuthorizationKind kind = handshake ? AuthorizationKind.HANDSHAKE
        : (flags & FLAG_CAP) != 0 ? AuthorizationKind.ONE_SCAN_CAP : AuthorizationKind.ONE_SCAN_EXACT;
    Optional<OfflineCredential> credential = (flags & FLAG_SELF_CONTAINED) != 0
        ? Optional.of(OfflineCredential.readEmbedded(in)) : Optional.empty();
    CredentialSerial serial = credential.isPresent() ? credential.get().serial() : Wire.readSerial(in);
    long counter = Wire.readCounter(in);
    long cumulative = Wire.readAmount(in);
    long amount = Wire.readAmount(in, 1);
    Optional<CurrencyUnit> currency =
        (flags & FLAG_CURRENCY) != 0 ? Optional.of(Wire.readCurrency(in)) : Optional.empty();
    Instant time = Wire.readTime(in);
    Bytes nonce = handshake ? in.fixed(PaymentRequest.NONCE_LENGTH) : Bytes.empty();
    Bytes signature = Wire.readSignature(in);
    in.finish();
    return Wire.construct(() -> new PaymentAuthorization(
        kind, serial, credential, counter, cumulative, amount, currency, time, nonce, signature));
  }

  @Override
  public String toString() {
    return "PaymentAuthorization[" + kind + " " + paymentId() + ", amount " + amountMinor
        + explicitCurrency.map(c -> " " + c).orElse("") + ", cumulative " + cumulativeMinor
        + (isSelfContained() ? ", self-contained" : "") + "]";
  }
}
