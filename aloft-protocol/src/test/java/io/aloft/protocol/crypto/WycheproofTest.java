package io.aloft.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Google's Wycheproof vectors ({@link WycheproofVectors}) through the one verification entry
 * point the rules use, with the verifier installed by default (BouncyCastle).
 */
class WycheproofTest {

  @Test
  void ed25519_everyValidVerifiesAndEveryOtherFails() throws IOException {
    assertThat(Signatures.installed(SignatureAlgorithm.ED25519).implementation()).isEqualTo("BouncyCastle");
    assertThat(WycheproofVectors.ed25519Failures(Signatures::verify)).isEmpty();
  }

  @Test
  void ecdsaP256P1363_everyValidVerifiesAndEveryOtherFails() throws IOException {
    assertThat(Signatures.installed(SignatureAlgorithm.ECDSA_P256).implementation()).isEqualTo("BouncyCastle");
    assertThat(WycheproofVectors.p256Failures(Signatures::verify)).isEmpty();
  }
}
