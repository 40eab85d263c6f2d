package io.aloft.protocol.message;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The type byte that follows the version byte in every top-level message, and the domain
 * string that separates its signatures from every other type's: a signature made for one kind
 * of message can never verify as another.
 */
public enum MessageType {
  CREDENTIAL(0x01, "credential"),
  TERMINAL_CERTIFICATE(0x02, "terminal-certificate"),
  TRUST_BUNDLE(0x03, "trust-bundle"),
  PAYMENT_REQUEST(0x04, "payment-request"),
  HANDSHAKE_AUTHORIZATION(0x05, "handshake-authorization"),
  ONE_SCAN_CODE(0x06, "one-scan-code"),
  RECEIPT(0x07, "receipt"),
  REFUND_NOTE(0x08, "refund-note"),
  TERMINAL_BATCH(0x09, "terminal-batch"),
  /** The issuer's signed answer to an upload: one outcome per payment or refund. */
  SETTLEMENT_REPORT(0x0A, "settlement-report"),
  /** A wallet's pending bills, as it uploads them after landing (not signed: each bill is). */
  WALLET_UPLOAD(0x0B, "wallet-upload"),
  /** A wallet asking for the outcome of some of its payments (not signed). */
  OUTCOME_QUERY(0x0C, "outcome-query"),
  /** What one terminal of a flight accepted, for the other terminals in the cabin. */
  CABIN_DIGEST(0x0D, "cabin-digest"),
  /** A terminal's answer to a cabin peer's challenge: mutual authentication on the cabin network. */
  CABIN_HELLO(0x0E, "cabin-hello");

  /** The only protocol version this code reads and writes. */
  public static final int VERSION = 1;

  private final int wireId;
  private final byte[] domain;

  MessageType(int wireId, String name) {
    this.wireId = wireId;
    this.domain = ("aloft:v" + VERSION + ":" + name + "\0").getBytes(StandardCharsets.US_ASCII);
  }

  public int wireId() {
    return wireId;
  }

  /** "aloft:v1:&lt;name&gt;" followed by a zero byte; prefixed to the body when signing. */
  public byte[] signingDomain() {
    return domain.clone();
  }

  int domainLength() {
    return domain.length;
  }

  void copyDomain(byte[] into) {
    System.arraycopy(domain, 0, into, 0, domain.length);
  }

  public static Optional<MessageType> fromWireId(int wireId) {
    for (MessageType type : values()) {
      if (type.wireId == wireId) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
