package io.aloft.wallet.enrolment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.WalletRefusal;
import io.aloft.wallet.fixture.FakeIssuer;
import io.aloft.wallet.fixture.WalletFixture;
import static io.aloft.wallet.fixture.Refusals.assertRefused;
import io.aloft.wallet.issuer.IssuerException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrolmentTest {
  @TempDir Path dir;

  @Test
  void enrolment_storesACredentialForTheDeviceKey_thatSurvivesReopen() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      Enrolment enrolment = f.wallet.enrolment().orElseThrow();
      assertThat(enrolment.credential().deviceKey()).isEqualTo(f.keys.signer().publicKey());
      assertThat(enrolment.credential().deviceKey().algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P256);
      assertThat(enrolment.listedInManifest()).isTrue();
      f.reopen();
      assertThat(f.wallet.enrolment()).contains(enrolment);
    }
  }

  @Test
  void bundleForAnotherFlight_isRefusedAsOtherFlight() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      Enrolment current = f.wallet.enrolment().orElseThrow();
      TrustBundle other = f.issuer.bundle(FakeIssuer.OTHER_FLIGHT, f.issuer.bundleVersion + 1);
      assertRefused(() -> enrolments(f).install(current.credential(), other, current.credential().deviceKey(),
          Optional.of(current)), RefusalReason.OTHER_FLIGHT);
    }
  }

  @Test
  void credentialForAnotherFlight_isRefusedAsOtherFlight() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      Enrolment current = f.wallet.enrolment().orElseThrow();
      OfflineCredential other = f.issuer.credential(FakeIssuer.OTHER_FLIGHT, current.credential().deviceKey(),
          current.credential().validUntil());
      assertRefused(() -> enrolments(f).install(other, current.bundle(), other.deviceKey(), Optional.of(current)),
          RefusalReason.OTHER_FLIGHT);
      assertThat(f.wallet.enrolment()).contains(current);
    }
  }

  @Test
  void bundleSignedByAnUnpinnedKey_isRefused() throws Exception {
    try (var f = new WalletFixture(dir, SignatureAlgorithm.ECDSA_P256)) {
      var stranger = FakeIssuer.signer(9);
      var key = f.keys.createOrLoad(SignatureAlgorithm.ECDSA_P256);
      OfflineCredential credential = f.issuer.enrol(FakeIssuer.FLIGHT, key);
      TrustBundle bundle = f.issuer.fetchBundle(FakeIssuer.FLIGHT);
      TrustBundle forged = new TrustBundle(1, bundle.bundleVersion(), bundle.flightId(), bundle.flightCode(),
          bundle.issuedAt(), bundle.expiresAt(), bundle.issuerKeys(), bundle.terminals(),
          bundle.revokedCredentials(), bundle.revokedTerminals(), bundle.manifest(), bundle.fxRates(),
          io.aloft.protocol.Bytes.empty()).signedBy(stranger);
      assertRefused(() -> enrolments(f).install(credential, forged, key, Optional.empty()), RefusalReason.NOT_GENUINE);
      assertThat(f.store.activeCredential()).isEmpty();
    }
  }

  @Test
  void credentialForAnotherDeviceKey_isRefused() throws Exception {
    try (var f = new WalletFixture(dir, SignatureAlgorithm.ECDSA_P256)) {
      var key = f.keys.createOrLoad(SignatureAlgorithm.ECDSA_P256);
      OfflineCredential someoneElses = f.issuer.enrol(FakeIssuer.FLIGHT, FakeIssuer.signer(9).publicKey());
      assertRefused(() -> enrolments(f).install(someoneElses, f.issuer.fetchBundle(FakeIssuer.FLIGHT), key,
          Optional.empty()), RefusalReason.WRONG_DEVICE_KEY);
    }
  }

  @Test
  void issuerUnreachable_leavesTheWalletAsItWas() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      Enrolment before = f.wallet.enrolment().orElseThrow();
      f.issuer.offline = true;
      assertThatThrownBy(() -> f.wallet.refreshBundle()).isInstanceOf(IssuerException.class);
      assertThat(f.wallet.enrolment()).contains(before);
    }
  }

  @Test
  void refreshedBundle_withRevokedTerminals_isInstalled() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      f.issuer.bundleVersion++;
      assertThat(f.wallet.refreshBundle().bundle().bundleVersion()).isEqualTo(f.issuer.bundleVersion);
      assertThat(f.store.bundle().orElseThrow().bundleVersion()).isEqualTo(f.issuer.bundleVersion);
    }
  }

  private static Enrolments enrolments(WalletFixture f) {
    return new Enrolments(f.store, f.keys, f.issuer, f.issuer.pinnedKeys(), SignatureAlgorithm.ECDSA_P256,
        new io.aloft.protocol.client.IssuerClock(f.clock, java.time.Duration.ZERO));
  }
}
