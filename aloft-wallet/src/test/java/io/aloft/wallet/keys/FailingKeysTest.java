package io.aloft.wallet.keys;

import static io.aloft.wallet.fixture.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.AcceptancePolicy;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.Wallet;
import io.aloft.wallet.fixture.WalletFixture;
import io.aloft.wallet.pay.CodeForm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hardware key store that fails mid-payment: the payment is refused and nothing is committed. */
class FailingKeysTest {
  @TempDir Path dir;

  @Test
  void signerThatThrows_refusesThePayment_andBurnsNoCounter() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      Signer real = f.keys.signer(f.wallet.enrolment().orElseThrow().credential().deviceKey());
      boolean[] fail = {true};
      KeyProvider flaky = new KeyProvider() {
        @Override
        public VerificationKey create(SignatureAlgorithm algorithm) {
          return real.publicKey();
        }

        @Override
        public Signer signer(VerificationKey publicKey) {
          return new Signer() {
            @Override
            public VerificationKey publicKey() {
              return real.publicKey();
            }

            @Override
            public byte[] sign(byte[] message) {
              if (fail[0]) {
                throw new IllegalStateException("user cancelled biometric prompt");
              }
              return real.sign(message);
            }
          };
        }

        @Override
        public void delete(VerificationKey publicKey) {}
      };
      Wallet wallet = Wallet.open(new Wallet.Config(f.issuer.pinnedKeys(), SignatureAlgorithm.ECDSA_P256,
          AcceptancePolicy.DEFAULT), f.store, flaky, f.issuer, f.clock);
      assertRefused(() -> wallet.payAmount(Money.of(100, "CNY"), CodeForm.AUTO), RefusalReason.KEY_UNAVAILABLE);
      assertThat(wallet.bills(10)).isEmpty();
      fail[0] = false;
      assertThat(wallet.payAmount(Money.of(100, "CNY"), CodeForm.AUTO).value().paymentId().counter()).isEqualTo(1);
    }
  }

  @Test
  void signerThatThrowsWhileProvingTheKey_refusesTheEnrolment_andLeavesNoKeyOrCredential() throws Exception {
    try (var f = new WalletFixture(dir, SignatureAlgorithm.ECDSA_P256)) {
      java.util.List<VerificationKey> deleted = new java.util.ArrayList<>();
      KeyProvider cancelling = new KeyProvider() {
        @Override
        public VerificationKey create(SignatureAlgorithm algorithm) throws KeyUnavailableException {
          return f.keys.create(algorithm);
        }

        @Override
        public Signer signer(VerificationKey publicKey) throws KeyUnavailableException {
          Signer real = f.keys.signer(publicKey);
          return new Signer() {
            @Override
            public VerificationKey publicKey() {
              return real.publicKey();
            }

            @Override
            public byte[] sign(byte[] message) {
              throw new IllegalStateException("user cancelled biometric prompt");
            }
          };
        }

        @Override
        public void delete(VerificationKey publicKey) throws KeyUnavailableException {
          deleted.add(publicKey);
          f.keys.delete(publicKey);
        }
      };
      Wallet wallet = Wallet.open(new Wallet.Config(f.issuer.pinnedKeys(), SignatureAlgorithm.ECDSA_P256,
          AcceptancePolicy.DEFAULT), f.store, cancelling, f.issuer, f.clock);
      assertRefused(() -> wallet.enrol(io.aloft.wallet.fixture.FakeIssuer.FLIGHT), RefusalReason.KEY_UNAVAILABLE);
      assertThat(deleted).hasSize(1);
      assertThat(f.store.credentials()).isEmpty();
      assertThat(wallet.enrolment()).isEmpty();
    }
  }

  @Test
  void lockedKey_refusesThePayment() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ED25519)) {
      f.keys.lock();
      f.reopen();
      var locked = new PassphraseKeyProvider(dir.resolve("device.key"), "wrong".toCharArray(), WalletFixture.TEST_KDF,
          new java.security.SecureRandom());
      Wallet wallet = Wallet.open(new Wallet.Config(f.issuer.pinnedKeys(), SignatureAlgorithm.ED25519,
          AcceptancePolicy.DEFAULT), f.store, locked, f.issuer, f.clock);
      assertRefused(() -> wallet.payAmount(Money.of(100, "CNY"), CodeForm.AUTO), RefusalReason.KEY_UNAVAILABLE);
    }
  }
}
