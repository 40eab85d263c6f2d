package io.aloft.wallet.enrolment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.anchor.BundleMarkStore;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.fixture.FakeIssuer;
import io.aloft.wallet.fixture.WalletFixture;
import static io.aloft.wallet.fixture.Refusals.assertRefused;
import io.aloft.wallet.issuer.IssuerException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrolmentTest {
  @TempDir Path dir;

  @Test
  void enrolment_storesACredentialForTheDeviceKey_thatSurvivesReopen() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      Enrolment enrolment = f.wallet.enrolment().orElseThrow();
      assertThat(f.keys.signer(enrolment.credential().deviceKey()).publicKey())
          .isEqualTo(enrolment.credential().deviceKey());
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
      var key = f.keys.create(SignatureAlgorithm.ECDSA_P256);
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
      var key = f.keys.create(SignatureAlgorithm.ECDSA_P256);
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
  void theCatalogue_comesSignedInTheWalletsBundle_andNamesARequestsLinesInBothLanguages() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      assertThat(f.wallet.catalogue()).isEqualTo(Catalogue.EMPTY);
      Catalogue catalogue = Catalogue.of(
          new CatalogueItem("DR-TEA", "drinks", "Jasmine tea", "茉莉花茶", 1_500, CurrencyUnit.of("CNY")),
          new CatalogueItem("SV-PLANE", "souvenirs", "Model plane", "飞机模型", 16_800, CurrencyUnit.of("CNY")));
      f.issuer.catalogue = catalogue;
      f.issuer.bundleVersion++;

      f.wallet.refreshBundle().value();

      assertThat(f.wallet.catalogue()).isEqualTo(catalogue);
      LineItem line = catalogue.item("DR-TEA").orElseThrow().lineItem(2);
      assertThat(f.wallet.catalogue().forLine(line).orElseThrow().nameZh()).isEqualTo("茉莉花茶");
      f.reopen();
      assertThat(f.wallet.catalogue()).as("kept across restarts").isEqualTo(catalogue);
    }
  }

  @Test
  void refreshedBundle_withRevokedTerminals_isInstalled() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      f.issuer.bundleVersion++;
      assertThat(f.wallet.refreshBundle().value().bundle().bundleVersion()).isEqualTo(f.issuer.bundleVersion);
      assertThat(f.store.bundle().orElseThrow().bundleVersion()).isEqualTo(f.issuer.bundleVersion);
    }
  }

  @Test
  void aWalletDbEditedToCarryAnotherTrustAnchor_isRefusedAtOpen() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      TrustBundle forged = f.issuer.bundle(FakeIssuer.FLIGHT, f.issuer.bundleVersion + 5, 9, FakeIssuer.signer(77));
      f.store.close();
      replaceStoredBundle(forged);
      assertThatThrownBy(f::reopen).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("UNKNOWN_ISSUER_KEY").hasMessageContaining("edited or rolled back");
    }
  }

  @Test
  void twoEnrolments_useTwoDeviceKeysAndTwoSerials_eachSigningForItsOwnFlight() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      OfflineCredential first = f.wallet.enrolment().orElseThrow().credential();
      OfflineCredential second = f.wallet.enrol(FakeIssuer.OTHER_FLIGHT).value().credential();
      assertThat(second.deviceKey()).isNotEqualTo(first.deviceKey());
      assertThat(second.serial()).isNotEqualTo(first.serial());
      assertThat(f.issuer.challengesIssued).isEqualTo(2);
      // The wallet still holds both keys: the first flight's bills may still need it.
      assertThat(f.keys.signer(first.deviceKey()).publicKey()).isEqualTo(first.deviceKey());
      var code = WalletFixture.decode(f.wallet.payAmount(io.aloft.protocol.money.Money.of(100, "CNY"),
          io.aloft.wallet.pay.CodeForm.SELF_CONTAINED).value());
      assertThat(code.serial()).isEqualTo(second.serial());
      assertThat(code.embeddedCredential()).contains(second);
    }
  }

  @Test
  void aWalletDbRolledBackToAnOlderGenuineBundle_isRefusedAtOpen_andAnOlderBundleAfterARestartToo() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      TrustBundle older = f.store.bundle().orElseThrow();
      f.issuer.bundleVersion++;
      f.wallet.refreshBundle().value();
      f.reopen();
      f.issuer.bundleVersion--;
      assertRefused(() -> f.wallet.refreshBundle(), RefusalReason.TERMINAL_LIST_OLDER);

      f.store.close();
      replaceStoredBundle(older);
      assertThatThrownBy(f::reopen).isInstanceOf(IllegalStateException.class).hasMessageContaining("BUNDLE_STALE");
    }
  }

  /** What an attacker with write access to the folder does: rewrite the bundle row with SQLite. */
  private void replaceStoredBundle(TrustBundle bundle) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("wallet.db"));
        PreparedStatement update = db.prepareStatement("UPDATE bundle SET version = ?, encoded = ? WHERE id = 1")) {
      update.setLong(1, bundle.bundleVersion());
      update.setBytes(2, bundle.encode());
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void enrollingAgainOnTheSameFlight_keepsTheCredentialAndKey_withoutAskingTheIssuer() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      OfflineCredential first = f.wallet.enrolment().orElseThrow().credential();
      f.reopen();
      assertThat(f.wallet.enrol(FakeIssuer.FLIGHT).value().credential()).isEqualTo(first);
      assertThat(f.issuer.challengesIssued).isEqualTo(1);
    }
  }

  @Test
  void refusedEnrolment_deletesTheNewKey_andStoresNothing() throws Exception {
    try (var f = new WalletFixture(dir, SignatureAlgorithm.ECDSA_P256)) {
      f.issuer.refuseEnrolment = true;
      assertThatThrownBy(() -> f.wallet.enrol(FakeIssuer.FLIGHT)).isInstanceOfSatisfying(IssuerException.class,
          e -> assertThat(e.code()).isEqualTo("score_too_low"));
      assertThat(f.store.credentials()).isEmpty();
      try (var files = java.nio.file.Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("device.key"));
      }
    }
  }

  @Test
  void theWalletsBundle_carriesNoManifest_yetCompactCodesAreOffered() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      Enrolment enrolment = f.wallet.enrolment().orElseThrow();
      assertThat(f.store.bundle().orElseThrow().manifest()).isEmpty();
      assertThat(enrolment.listedInManifest()).isTrue();
      assertThat(f.terminalBundle().manifestEntry(enrolment.credential().serial())).contains(enrolment.credential());
    }
  }

  @Test
  void keysOfExpiredCredentials_areDeletedOnSync_onceNothingIsPending() throws Exception {
    try (var f = new WalletFixture(dir, SignatureAlgorithm.ED25519)) {
      f.issuer.credentialHours = 2;
      OfflineCredential first = f.wallet.enrol(FakeIssuer.FLIGHT).value().credential();
      f.wallet.payAmount(io.aloft.protocol.money.Money.of(100, "CNY"), io.aloft.wallet.pay.CodeForm.AUTO).value();
      f.clock.advance(java.time.Duration.ofHours(3));
      f.issuer.credentialHours = 24;
      OfflineCredential second = f.wallet.enrol(FakeIssuer.OTHER_FLIGHT).value().credential();
      assertThat(f.store.pendingCount(first.serial())).isEqualTo(1);
      assertThat(f.keys.signer(first.deviceKey()).publicKey()).as("a bill is pending").isEqualTo(first.deviceKey());
      f.wallet.sync();
      assertThat(f.store.pendingCount(first.serial())).isZero();
      assertThatThrownBy(() -> f.keys.signer(first.deviceKey())).isInstanceOfSatisfying(
          io.aloft.wallet.keys.KeyUnavailableException.class,
          e -> assertThat(e.keyCause()).isEqualTo(io.aloft.wallet.keys.KeyUnavailableException.Cause.NO_KEY));
      assertThat(f.keys.signer(second.deviceKey()).publicKey()).isEqualTo(second.deviceKey());
    }
  }

  @Test
  void aWalletWhoseOnlyKeyIsInDeviceKey_keepsPayingWithIt_andEnrolsNextWithANewOne() throws Exception {
    try (var f = new WalletFixture(dir, SignatureAlgorithm.ECDSA_P256)) {
      // One key, in device.key, and an active credential for it.
      var onlyKey = f.keys.create(SignatureAlgorithm.ECDSA_P256);
      assertThat(dir.resolve("device.key")).exists();
      OfflineCredential credential = f.issuer.enrol(FakeIssuer.FLIGHT, onlyKey);
      f.store.saveEnrolment(credential, f.issuer.fetchBundle(FakeIssuer.FLIGHT));
      f.reopen();

      var issued = f.wallet.payAmount(io.aloft.protocol.money.Money.of(100, "CNY"),
          io.aloft.wallet.pay.CodeForm.COMPACT).value();
      assertThat(WalletFixture.decode(issued).serial()).isEqualTo(credential.serial());
      var verdict = f.terminalAccepts(issued, Optional.empty(), f.terminalBundle());
      assertThat(verdict.isAccepted()).as("%s", verdict).isTrue();
      assertThat(f.wallet.enrol(FakeIssuer.OTHER_FLIGHT).value().credential().deviceKey()).isNotEqualTo(onlyKey);
    }
  }

  private static Enrolments enrolments(WalletFixture f) {
    return new Enrolments(f.store, BundleMarkStore.inMemory(), f.keys, f.issuer, f.issuer.pinnedKeys(),
        SignatureAlgorithm.ECDSA_P256, new io.aloft.protocol.client.IssuerClock(f.clock, java.time.Duration.ZERO));
  }
}
