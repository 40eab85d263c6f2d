package io.aloft.server.crypto;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SignatureVerifier;
import io.aloft.protocol.crypto.SignatureVerifierProperties;

/** The protocol's verifier properties, run against the Conscrypt verifiers. */
class ConscryptVerifierPropertiesTest extends SignatureVerifierProperties {
  @Override
  protected SignatureVerifier verifier(SignatureAlgorithm algorithm) {
    return ConscryptVerifierTest.conscrypt(algorithm);
  }
}
