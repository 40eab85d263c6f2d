package io.aloft.protocol.crypto;

import java.util.Optional;

/**
 * The two signature algorithms Aloft speaks. Issuer and terminal keys are Ed25519; payer device
 * keys are ECDSA P-256 by default (the curve both iOS Secure Enclave and Android StrongBox hold),
 * Ed25519 allowed. Signatures are always 64 raw bytes on the wire, never DER.
 */
public enum SignatureAlgorithm {
  /** RFC 8032 Ed25519; 32-byte public keys. */
  ED25519(1, 32),
  /** ECDSA over P-256 with SHA-256; public keys as 33-byte SEC1 compressed points; r‖s. */
  ECDSA_P256(2, 33);

  public static final int SIGNATURE_LENGTH = 64;

  private final int wireId;
  private final int publicKeyLength;

  SignatureAlgorithm(int wireId, int publicKeyLength) {
    this.wireId = wireId;
    this.publicKeyLength = publicKeyLength;
  }

  public int wireId() {
    return wireId;
  }

  public int publicKeyLength() {
    return publicKeyLength;
  }

  public static Optional<SignatureAlgorithm> fromWireId(int wireId) {
    for (SignatureAlgorithm algorithm : values()) {
      if (algorithm.wireId == wireId) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }
}
