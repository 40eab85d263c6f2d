package io.aloft.protocol.crypto;

/** {@link SignatureVerifierProperties} for BouncyCastle, the default and the SDKs' verifier. */
class BouncyCastleVerifierPropertiesTest extends SignatureVerifierProperties {
  @Override
  protected SignatureVerifier verifier(SignatureAlgorithm algorithm) {
    return Signatures.bouncyCastle(algorithm);
  }
}
