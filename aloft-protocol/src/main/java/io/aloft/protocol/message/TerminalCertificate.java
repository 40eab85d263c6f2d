package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.VerificationKey;
import java.time.Instant;

/**
 * The issuer's statement that a terminal key belongs to a merchant. Wallets use it to show who
 * is asking for money; the server uses it to check that a terminal uploads only its own sales.
 *
 * <pre>
 *   version, type     u8, u8 (1, 0x02)
 *   issuerKeyId       u8
 *   terminalId        u32       ≥ 1
 *   merchantId        u32       ≥ 1
 *   displayName       varint length + UTF-8, ≤ 48 bytes, what the passenger sees
 *   terminalKey       32 bytes  Ed25519
 *   validFrom         u32
 *   validUntil        u32       after validFrom
 *   signature         64 bytes  issuer Ed25519
 * </pre>
 */
public record TerminalCertificate(
    int issuerKeyId,
    long terminalId,
    long merchantId,
    String displayName,
    VerificationKey terminalKey,
    Instant validFrom,
    Instant validUntil,
    Bytes signature)
    implements SignedMessage {
  public static final int MAX_DISPLAY_NAME_BYTES = 48;

  public TerminalCertificate {
    OfflineCredential.checkKeyId(issuerKeyId);
    Wire.checkU32("terminalId", terminalId, 1);
    Wire.checkU32("merchantId", merchantId, 1);
    Wire.checkText("displayName", displayName, MAX_DISPLAY_NAME_BYTES);
    if (terminalKey == null || terminalKey.algorithm() != SignatureAlgorithm.ED25519) {
      throw new IllegalArgumentException("terminal keys are Ed25519");
    }
    Wire.checkTime("validFrom", validFrom);
    Wire.checkTime("validUntil", validUntil);
    if (!validUntil.isAfter(validFrom)) {
      throw new IllegalArgumentException("validUntil must be after validFrom");
    }
    if (signature == null || !signature.isEmpty()) {
      Wire.checkSignature(signature);
    }
  }

  @Override
  public MessageType type() {
    return MessageType.TERMINAL_CERTIFICATE;
  }

  public boolean isValidAt(Instant time) {
    return !time.isBefore(validFrom) && time.isBefore(validUntil);
  }

  public TerminalCertificate signedBy(Signer issuer) {
    TerminalCertificate unsigned = withSignature(Bytes.empty());
    return unsigned.withSignature(Bytes.of(issuer.sign(unsigned.signingInput())));
  }

  private TerminalCertificate withSignature(Bytes newSignature) {
    return new TerminalCertificate(issuerKeyId, terminalId, merchantId, displayName, terminalKey,
        validFrom, validUntil, newSignature);
  }

  @Override
  public void writeBody(ByteWriter out) {
    Wire.writeHeader(out, type());
    out.u8(issuerKeyId).u32(terminalId).u32(merchantId).utf8(displayName, MAX_DISPLAY_NAME_BYTES);
    out.fixed(terminalKey.encoded(), 32);
    Wire.writeTime(out, validFrom);
    Wire.writeTime(out, validUntil);
  }

  public static TerminalCertificate decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    TerminalCertificate certificate = read(in);
    in.finish();
    return certificate;
  }

  static TerminalCertificate read(ByteReader in) throws DecodeException {
    Wire.readHeader(in, MessageType.TERMINAL_CERTIFICATE);
    int keyId = Wire.readKeyId(in);
    long terminalId = Wire.readId(in);
    long merchantId = Wire.readId(in);
    String name = Wire.readText(in, MAX_DISPLAY_NAME_BYTES);
    VerificationKey key = Wire.readEd25519Key(in);
    Instant from = Wire.readTime(in);
    Instant until = Wire.readTime(in);
    Bytes signature = Wire.readSignature(in);
    return Wire.construct(
        () -> new TerminalCertificate(keyId, terminalId, merchantId, name, key, from, until, signature));
  }
}
