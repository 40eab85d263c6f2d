package io.aloft.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssuerFingerprintTest {
  /** The issuer key of docs/vectors (private key 01 × 32), and its fingerprint as docs/protocol.md states it. */
  private static final IssuerKey VECTOR_KEY = key(1, "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c");
  private static final String VECTOR_FINGERPRINT =
      "040e-be17-10aa-e0ef-4b1f-193e-9462-a4c3-5945-ae85-6cbe-37a1-ad5d-9488-7b5a-2494";

  @Test
  void fingerprintOfTheVectorIssuerKey_isTheDocumentedOne() {
    assertThat(IssuerFingerprint.of(List.of(VECTOR_KEY))).hasToString(VECTOR_FINGERPRINT);
  }

  @Test
  void parse_acceptsWhatIsPrinted_andTypedVariants() {
    IssuerFingerprint printed = IssuerFingerprint.parse(VECTOR_FINGERPRINT);
    assertThat(printed.matches(List.of(VECTOR_KEY))).isTrue();
    assertThat(IssuerFingerprint.parse(VECTOR_FINGERPRINT.replace('-', ':').toUpperCase())).isEqualTo(printed);
    assertThat(IssuerFingerprint.parse(VECTOR_FINGERPRINT.replace("-", ""))).isEqualTo(printed);
  }

  @Test
  void aSubstitutedKey_anExtraKey_orAnotherKeyId_doNotMatch() {
    IssuerFingerprint pinned = IssuerFingerprint.of(List.of(VECTOR_KEY));
    IssuerKey attacker = key(1, "8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394");
    assertThat(pinned.matches(List.of(attacker))).isFalse();
    assertThat(pinned.matches(List.of(VECTOR_KEY, key(2, attacker.key().encoded().hex())))).isFalse();
    assertThat(pinned.matches(List.of(key(2, VECTOR_KEY.key().encoded().hex())))).isFalse();
    assertThat(pinned.matches(List.of())).isFalse();
  }

  @Test
  void theKeyOrder_doesNotChangeTheFingerprint() {
    IssuerKey second = key(2, "8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394");
    assertThat(IssuerFingerprint.of(List.of(second, VECTOR_KEY))).isEqualTo(IssuerFingerprint.of(List.of(VECTOR_KEY, second)));
  }

  @Test
  void malformedText_isRefusedWithAMessage() {
    for (String bad : new String[] {"", "abc", VECTOR_FINGERPRINT + "00", VECTOR_FINGERPRINT.replace('0', 'g'),
        "x".repeat(10_000)}) {
      assertThatThrownBy(() -> IssuerFingerprint.parse(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("64 hex digits");
    }
  }

  private static IssuerKey key(int id, String hex) {
    return new IssuerKey(id, new VerificationKey(SignatureAlgorithm.ED25519, Bytes.fromHex(hex)));
  }
}
