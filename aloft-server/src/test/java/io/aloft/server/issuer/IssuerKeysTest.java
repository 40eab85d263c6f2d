package io.aloft.server.issuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.SoftwareSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuerKeysTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static String hex() {
    return SoftwareSigner.generate(SignatureAlgorithm.ED25519, RANDOM).privateKey().hex();
  }

  @Test
  void severalKeys_loadFromText_andTheNewestSigns() {
    Map<Integer, Signer> keys = IssuerKeyStore.parse("1:" + hex() + ",\n7:" + hex());

    IssuerKeyRing ring = IssuerKeyRing.signingWithNewest(keys);

    assertThat(ring.signingKeyId()).isEqualTo(7);
    assertThat(ring.publicKeys()).extracting(k -> k.keyId()).containsExactly(1, 7);
  }

  @Test
  void badKeyText_isRefusedWithoutEchoingTheSecret() {
    String secret = hex();
    assertThatThrownBy(() -> IssuerKeyStore.parse("0:" + secret)).hasMessageContaining("1..255");
    assertThatThrownBy(() -> IssuerKeyStore.parse("1:" + secret.substring(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(secret.substring(2));
    assertThatThrownBy(() -> IssuerKeyStore.parse("1:" + secret + ",1:" + hex())).hasMessageContaining("twice");
    assertThatThrownBy(() -> IssuerKeyStore.parse(" ")).hasMessageContaining("no issuer keys");
  }

  @Test
  void theFolder_isCreatedOnce_andReadBackTheSame(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("issuer-keys");
    Map<Integer, Signer> first = IssuerKeyStore.loadOrCreate(folder, RANDOM);
    Map<Integer, Signer> second = IssuerKeyStore.loadOrCreate(folder, RANDOM);

    assertThat(first.keySet()).containsExactly(1);
    assertThat(second.get(1).publicKey()).isEqualTo(first.get(1).publicKey());
    Files.writeString(folder.resolve("issuer-2.key"), hex());
    assertThat(IssuerKeyStore.loadOrCreate(folder, RANDOM).keySet()).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void aRingMustHoldItsSigningKey_andAtMost16Keys() {
    Map<Integer, Signer> one = IssuerKeyStore.parse("3:" + hex());
    assertThatThrownBy(() -> new IssuerKeyRing(one, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IssuerKeyRing(Map.of(), 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
