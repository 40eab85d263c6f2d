package io.aloft.wallet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.wallet.fixture.WalletFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PassphraseKeyProviderTest {
  @TempDir Path dir;

  private PassphraseKeyProvider provider(String passphrase) {
    return new PassphraseKeyProvider(dir.resolve("device.key"), passphrase.toCharArray(), WalletFixture.TEST_KDF,
        new SecureRandom());
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void keyCreatedOnce_opensAgainWithThePassphrase_andSigns(SignatureAlgorithm algorithm) throws Exception {
    VerificationKey created = provider("pass phrase").createOrLoad(algorithm);
    PassphraseKeyProvider reopened = provider("pass phrase");
    assertThat(reopened.createOrLoad(algorithm)).isEqualTo(created);
    byte[] message = "pay 12.50".getBytes();
    assertThat(Signatures.verify(created, message, Bytes.of(reopened.signer().sign(message)))).isTrue();
  }

  @Test
  void wrongPassphrase_doesNotOpenTheKey() throws Exception {
    provider("pass phrase").createOrLoad(SignatureAlgorithm.ECDSA_P256);
    assertThatThrownBy(() -> provider("pass phrasf").signer()).isInstanceOfSatisfying(KeyUnavailableException.class,
        e -> assertThat(e.keyCause()).isEqualTo(KeyUnavailableException.Cause.WRONG_PASSPHRASE));
  }

  @Test
  void everyFlippedByteOfTheFile_stopsItFromOpening() throws Exception {
    provider("pass phrase").createOrLoad(SignatureAlgorithm.ED25519);
    byte[] original = Files.readAllBytes(dir.resolve("device.key"));
    for (int i = 0; i < original.length; i++) {
      byte[] tampered = original.clone();
      tampered[i] ^= 0x01;
      Files.write(dir.resolve("device.key"), tampered);
      int at = i;
      assertThatThrownBy(() -> provider("pass phrase").signer()).as("byte %d", at)
          .isInstanceOf(KeyUnavailableException.class);
    }
  }

  @Test
  void fileHoldsNoPlainPrivateKey() throws Exception {
    PassphraseKeyProvider provider = provider("pass phrase");
    provider.createOrLoad(SignatureAlgorithm.ED25519);
    Bytes secret = ((SoftwareSigner) provider.signer()).privateKey();
    String file = Bytes.of(Files.readAllBytes(dir.resolve("device.key"))).hex();
    assertThat(file).doesNotContain(secret.hex());
  }

  @Test
  void noKeyYet_isReportedAsNoKey() {
    assertThatThrownBy(() -> provider("pass phrase").signer()).isInstanceOfSatisfying(KeyUnavailableException.class,
        e -> assertThat(e.keyCause()).isEqualTo(KeyUnavailableException.Cause.NO_KEY));
  }

  @Test
  void hugeMemoryCostInAFile_isRefusedBeforeAllocating() throws Exception {
    provider("pass phrase").createOrLoad(SignatureAlgorithm.ED25519);
    byte[] file = Files.readAllBytes(dir.resolve("device.key"));
    file[2] = (byte) 0x7f; // memoryKib u32 starts at byte 2
    Files.write(dir.resolve("device.key"), file);
    assertThatThrownBy(() -> provider("pass phrase").signer()).isInstanceOfSatisfying(KeyUnavailableException.class,
        e -> assertThat(e.keyCause()).isEqualTo(KeyUnavailableException.Cause.DAMAGED));
  }

  @Test
  void theKeyFile_isReadableByItsOwnerOnly() throws Exception {
    provider("pass phrase").createOrLoad(SignatureAlgorithm.ECDSA_P256);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("device.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aMemoryCostChosenBelow19MiB_isRefused_andTheFloorItselfIsAccepted() {
    assertThatThrownBy(() -> KdfParameters.withMemory(32)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the key's Argon2id memory must be at least 19456 KiB (19 MiB), got 32 KiB");
    assertThatThrownBy(() -> KdfParameters.withMemory(KdfParameters.MIN_MEMORY_KIB - 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(KdfParameters.withMemory(KdfParameters.MIN_MEMORY_KIB))
        .isEqualTo(new KdfParameters(19 * 1024, KdfParameters.RECOMMENDED.iterations(),
            KdfParameters.RECOMMENDED.parallelism()));
  }
}
