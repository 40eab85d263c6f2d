package io.aloft.protocol.message;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;

/** One issuer public key and its id (1..255). Several can be active at once for rotation. */
public record IssuerKey(int keyId, VerificationKey key) {
  public IssuerKey {
    OfflineCredential.checkKeyId(keyId);
    if (key == null || key.algorithm() != SignatureAlgorithm.ED25519) {
      throw new IllegalArgumentException("issuer keys are Ed25519");
    }
  }
}
