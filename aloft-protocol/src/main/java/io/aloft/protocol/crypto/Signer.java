package io.aloft.protocol.crypto;

/**
 * Something that holds a private key and signs with it. On a phone this is a hardware key store
 * (Secure Enclave, StrongBox); {@link SoftwareSigner} is the portable implementation.
 */
public interface Signer {
  VerificationKey publicKey();

  /** A 64-byte raw signature over {@code message} (which is hashed as the algorithm requires). */
  byte[] sign(byte[] message);
}
