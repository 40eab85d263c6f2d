package io.aloft.protocol.crypto;

import io.aloft.protocol.Bytes;

/**
 * A public key with its algorithm. The length is checked here; whether the bytes are a valid
 * curve point is checked by {@link #isWellFormed()} and, fail-closed, at every verification.
 */
public record VerificationKey(SignatureAlgorithm algorithm, Bytes encoded) {
  public VerificationKey {
    if (algorithm == null || encoded == null) {
      throw new IllegalArgumentException("algorithm and encoded key must not be null");
    }
    if (encoded.size() != algorithm.publicKeyLength()) {
      throw new IllegalArgumentException(
          algorithm + " public key must be " + algorithm.publicKeyLength()
              + " bytes, got " + encoded.size());
    }
  }

  /** True when the bytes decode to a usable public key (on the curve, not the identity). */
  public boolean isWellFormed() {
    return Signatures.decodePublicKey(this) != null;
  }

  @Override
  public String toString() {
    return algorithm + ":" + encoded.hex();
  }
}
