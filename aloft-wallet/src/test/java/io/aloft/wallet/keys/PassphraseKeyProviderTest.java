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
import java.util.List;
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
  void keyCreated_opensAgainWithThePassphrase_andSigns(SignatureAlgorithm algorithm) throws Exception {
    VerificationKey created = provider("pass phrase").create(algorithm);
    PassphraseKeyProvider reopened = provider("pass phrase");
    byte[] message = "pay 12.50".getBytes();
    assertThat(Signatures.verify(created, message, Bytes.of(reopened.signer(created).sign(message)))).isTrue();
  }

  @Test
  void everyCreate_makesANewKeyInAFileOfItsOwn_andEachSignsAsItself() throws Exception {
    PassphraseKeyProvider provider = provider("pass phrase");
    VerificationKey first = provider.create(SignatureAlgorithm.ECDSA_P256);
    VerificationKey second = provider.create(SignatureAlgorithm.ECDSA_P256);
    VerificationKey third = provider("pass phrase").create(SignatureAlgorithm.ED25519);
    assertThat(java.util.Set.of(first, second, third)).hasSize(3);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).hasSize(3).contains("device.key")
          .allMatch(name -> name.matches("device\\.key(\\.[0-9a-f]{16})?"));
    }
    PassphraseKeyProvider reopened = provider("pass phrase");
    byte[] message = "pay 12.50".getBytes();
    for (VerificationKey key : java.util.List.of(first, second, third)) {
      assertThat(reopened.signer(key).publicKey()).isEqualTo(key);
      assertThat(Signatures.verify(key, message, Bytes.of(reopened.signer(key).sign(message)))).isTrue();
    }
  }

  @Test
  void newKeys_takeTheArgon2ParametersOfTheKeysAlreadyThere() throws Exception {
    KdfParameters chosenAtSetUp = new KdfParameters(72, 1, 1);
    new PassphraseKeyProvider(dir.resolve("device.key"), "pass phrase".toCharArray(), chosenAtSetUp,
        new SecureRandom()).create(SignatureAlgorithm.ED25519);
    VerificationKey later = provider("pass phrase").create(SignatureAlgorithm.ED25519);
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        assertThat(SealedKey.decode(Files.readAllBytes(file)).kdf()).as(file.toString()).isEqualTo(chosenAtSetUp);
      }
    }
    assertThat(provider("pass phrase").signer(later).publicKey()).isEqualTo(later);
  }

  @Test
  void wrongPassphrase_doesNotOpenTheKey_norSealsANewOneUnderIt() throws Exception {
    VerificationKey key = provider("pass phrase").create(SignatureAlgorithm.ECDSA_P256);
    assertThatThrownBy(() -> provider("pass phrasf").signer(key)).isInstanceOfSatisfying(
        KeyUnavailableException.class,
        e -> assertThat(e.keyCause()).isEqualTo(KeyUnavailableException.Cause.WRONG_PASSPHRASE));
    assertThatThrownBy(() -> provider("pass phrasf").create(SignatureAlgorithm.ECDSA_P256))
        .isInstanceOfSatisfying(KeyUnavailableException.class,
            e -> assertThat(e.keyCause()).isEqualTo(KeyUnavailableException.Cause.WRONG_PASSPHRASE));
    try (var files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void deletedKey_isGoneFromDisk_andNoLongerSigns() throws Exception {
    PassphraseKeyProvider provider = provider("pass phrase");
    VerificationKey kept = provider.create(SignatureAlgorithm.ECDSA_P256);
    VerificationKey spent = provider.create(SignatureAlgorithm.ECDSA_P256);
    provider.delete(spent);
    provider.delete(spent);
    for (PassphraseKeyProvider opened : java.util.List.of(provider, provider("pass phrase"))) {
      assertThatThrownBy(() -> opened.signer(spent)).isInstanceOfSatisfying(KeyUnavailableException.class,
          e -> assertThat(e.keyCause()).isEqualTo(KeyUnavailableException.Cause.NO_KEY));
      assertThat(opened.signer(kept).publicKey()).isEqualTo(kept);
    }
    try (var files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void aKeyThisProviderNeverMade_isNoKey() throws Exception {
    provider("pass phrase").create(SignatureAlgorithm.ED25519);
    VerificationKey stranger = SoftwareSigner.generate(SignatureAlgorithm.ED25519, new SecureRandom()).publicKey();
    assertThatThrownBy(() -> provider("pass phrase").signer(stranger)).isInstanceOfSatisfying(
        KeyUnavailableException.class, e -> assertThat(e.keyCause()).isEqualTo(KeyUnavailableException.Cause.NO_KEY));
  }

  @Test
  void everyFlippedByteOfTheFile_stopsItFromOpening() throws Exception {
    VerificationKey key = provider("pass phrase").create(SignatureAlgorithm.ED25519);
    byte[] original = Files.readAllBytes(dir.resolve("device.key"));
    for (int i = 0; i < original.length; i++) {
      byte[] tampered = original.clone();
      tampered[i] ^= 0x01;
      Files.write(dir.resolve("device.key"), tampered);
      int at = i;
      assertThatThrownBy(() -> provider("pass phrase").signer(key)).as("byte %d", at)
          .isInstanceOf(KeyUnavailableException.class);
    }
  }

  @Test
  void fileHoldsNoPlainPrivateKey() throws Exception {
    PassphraseKeyProvider provider = provider("pass phrase");
    VerificationKey key = provider.create(SignatureAlgorithm.ED25519);
    Bytes secret = ((SoftwareSigner) provider.signer(key)).privateKey();
    String file = Bytes.of(Files.readAllBytes(dir.resolve("device.key"))).hex();
    assertThat(file).doesNotContain(secret.hex());
  }

  @Test
  void noKeyYet_isReportedAsNoKey() {
    VerificationKey never = SoftwareSigner.generate(SignatureAlgorithm.ED25519, new SecureRandom()).publicKey();
    assertThatThrownBy(() -> provider("pass phrase").signer(never)).isInstanceOfSatisfying(KeyUnavailableException.class,
        e -> assertThat(e.keyCause()).isEqualTo(KeyUnavailableException.Cause.NO_KEY));
  }

  @Test
  void hugeMemoryCostInAFile_isRefusedBeforeAllocating() throws Exception {
    VerificationKey key = provider("pass phrase").create(SignatureAlgorithm.ED25519);
    byte[] file = Files.readAllBytes(dir.resolve("device.key"));
    file[2] = (byte) 0x7f; // memoryKib u32 starts at byte 2
    Files.write(dir.resolve("device.key"), file);
    assertThatThrownBy(() -> provider("pass phrase").signer(key)).isInstanceOfSatisfying(KeyUnavailableException.class,
        e -> assertThat(e.keyCause()).isEqualTo(KeyUnavailableException.Cause.DAMAGED));
  }

  @Test
  void everyKeyFile_isReadableByItsOwnerOnly() throws Exception {
    PassphraseKeyProvider keys = provider("pass phrase");
    keys.create(SignatureAlgorithm.ECDSA_P256);
    keys.create(SignatureAlgorithm.ECDSA_P256);
    try (var files = Files.list(dir)) {
      List<Path> keyFiles = files.toList();
      assertThat(keyFiles).hasSize(2);
      for (Path file : keyFiles) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
            .isEqualTo("rw-------");
      }
    }
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
