package io.aloft.protocol.message;

/** The two ways to pay, and the two meanings of a one-scan amount. */
public enum AuthorizationKind {
  /** Answers a terminal's payment request; signs the SHA-256 of that request. */
  HANDSHAKE(MessageType.HANDSHAKE_AUTHORIZATION),
  /** A code for an exact amount the passenger entered; the terminal charges exactly that. */
  ONE_SCAN_EXACT(MessageType.ONE_SCAN_CODE),
  /** A code for a cap; the terminal may charge up to it, and its receipt says what it took. */
  ONE_SCAN_CAP(MessageType.ONE_SCAN_CODE);

  private final MessageType messageType;

  AuthorizationKind(MessageType messageType) {
    this.messageType = messageType;
  }

  public MessageType messageType() {
    return messageType;
  }

  public boolean isOneScan() {
    return this != HANDSHAKE;
  }
}
